"""Templates in oTree 5's syntax against the same templates written in Django's: what the
translation costs once, and what rendering costs each time a page is shown.

A template in oTree syntax is translated when a loader first reads it (sessions_core/
otree_templates/translate.py) and compiled by Django once per process (the cached loader); each
printed value is then a `{% value %}` node (unescaped, strict about missing names) where a
Django template has a `{{ }}` variable node (escaped). Measured, without a database or a server:

- translate: the translation of each oTree-syntax template of the test apps, µs per file;
- render: one page, rendered again and again from the compiled template, µs per render, in two
  scenarios: a table of 50 rows printing 4 values each (loops, filters, 200 printed values), and
  a whole page (the page layout, a two-field form, an include, an if) as participants get it.

    .venv/bin/python bench/template_bench.py [--record]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchdb  # noqa: E402

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
ROOT = Path(__file__).resolve().parent.parent

TABLE_OTREE = """{{ for row in rows }}<tr><td>{{ forloop.counter }}</td>
<td>{{ row.name }}</td><td>{{ row.amount|c }}</td>
<td>{{ if row.share > 0.5 }}{{ row.share|to2 }}{{ else }}-{{ endif }}</td></tr>
{{ endfor }}"""
TABLE_DJANGO = """{% load otree %}{% for row in rows %}<tr><td>{{ forloop.counter }}</td>
<td>{{ row.name }}</td><td>{{ row.amount|c }}</td>
<td>{% if row.share > 0.5 %}{{ row.share|to2 }}{% else %}-{% endif %}</td></tr>
{% endfor %}"""
PAGE_OTREE = """{{ block title }}Your guess{{ endblock }}
{{ block content }}
<p>Your endowment is {{ C.ENDOWMENT }}; you are player {{ player.id_in_group }}.</p>
{{ if player.id_in_group == 1 }}<p>You move first.</p>{{ else }}<p>You move second.</p>{{ endif }}
{{ formfield 'guess' label="How much?" }}{{ formfield player.comment }}
{{ next_button }}
{{ endblock }}"""
PAGE_DJANGO = """{% extends "global/Page.html" %}{% load otree %}{% block title %}Your guess{% endblock %}
{% block content %}
<p>Your endowment is {{ C.ENDOWMENT }}; you are player {{ player.id_in_group }}.</p>
{% if player.id_in_group == 1 %}<p>You move first.</p>{% else %}<p>You move second.</p>{% endif %}
{% formfield 'guess' label="How much?" %}{% formfield player.comment %}
{% next_button %}
{% endblock %}"""


def per_call_us(action: object, repeat: int, rounds: int = 5) -> float:
    """The median over `rounds` of the mean time of `repeat` calls, in µs."""
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            action()  # type: ignore[operator]
        timings.append((time.perf_counter() - start) / repeat * 1e6)
    return statistics.median(timings)


def run() -> list[list[str]]:
    import django

    django.setup()
    from django import forms
    from django.conf import settings

    settings.DEBUG = False  # before the template engine is built: it takes its debug from it
    from django.template import Context, engines

    from sessions_core.api import Currency
    from sessions_core.otree_templates.translate import translate

    files = [p for p in (ROOT / "tests" / "apps").glob("*/*.html")]
    sources = [(f"{p.parent.name}/{p.name}", p.read_text()) for p in files]
    translate_us = per_call_us(lambda: [translate(s, name=n) for n, s in sources], 20) / len(sources)

    class Row:
        def __init__(self, i: int) -> None:
            self.name, self.amount, self.share = f"row {i}", Currency(i), i / 50

    class Player:
        id_in_group, comment = 1, ""

    class C:
        ENDOWMENT = Currency(100)

    class Guess(forms.Form):
        guess = forms.IntegerField()
        comment = forms.CharField(required=False)

    engine = engines["django"]
    rows = [Row(i) for i in range(50)]
    results = [["translate, per template file", f"{translate_us:.0f}", "", f"{len(sources)} files"]]
    for label, otree_text, django_text, context in [
        ("render: table of 50 rows, 200 values", TABLE_OTREE, TABLE_DJANGO, {"rows": rows}),
        ("render: whole page with its layout and a form", PAGE_OTREE, PAGE_DJANGO,
         {"player": Player(), "C": C, "form": Guess(), "position_token": "0-1-0"}),
    ]:
        compiled = [engine.from_string(translate(otree_text, name="bench/Page.html")).template,
                    engine.from_string(django_text).template]
        # Interleaved rounds, so that the machine's load falls on both alike.
        rounds = [[per_call_us(partial(lambda t, c: t.render(Context(c)), template, context),
                               200, rounds=1) for template in compiled] for _ in range(9)]
        o, d = (statistics.median(r[i] for r in rounds) for i in (0, 1))
        results.append([label, f"{o:.0f}", f"{d:.0f}", f"oTree syntax / Django {o / d:.2f}"])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write the table into RESULTS.md")
    args = parser.parse_args()
    header = f"{benchdb.today()}, {benchdb.machine()}, {benchdb.load()}, DEBUG false"
    rows = run()
    text = header + "\n\n" + benchdb.table(
        ["what", "oTree syntax µs", "Django syntax µs", "note"], rows)
    print(text)
    if args.record:
        benchdb.record("templates", text)


if __name__ == "__main__":
    main()
