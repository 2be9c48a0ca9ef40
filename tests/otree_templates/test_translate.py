"""oTree 5's template syntax, construct by construct: the Django text each becomes (translate),
and the HTML it renders through Django's engine with a context."""
from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.template import Context, engines

from sessions_core.api import Currency
from sessions_core.otree_templates.translate import translate, uses_otree_tags

LOAD = "{% load otree %}"


def django_text(source: str, name: str = "trust/Send.html") -> str:
    return translate(source, name=name)


def render(source: str, name: str = "trust/Send.html", **context: Any) -> str:
    template = engines["django"].from_string(django_text(source, name))
    return template.template.render(Context(context))


# --- values ---------------------------------------------------------------------------------

def test_a_value_prints_unescaped_as_otree_5_does() -> None:
    assert django_text("{{ player.payoff }}") == LOAD + "{% value player.payoff %}"
    assert render("<b>{{ note }}</b>", note="<i>hi</i>") == "<b><i>hi</i></b>"


def test_the_escape_filter_escapes() -> None:
    assert django_text("{{ note|escape }}") == LOAD + "{% value note|escape %}"
    assert render("{{ note|escape }}", note="<i>&</i>") == "&lt;i&gt;&amp;&lt;/i&gt;"


@pytest.mark.parametrize("name", ["player", "group", "subsession", "participant", "session"])
def test_the_page_objects_attributes(name: str) -> None:
    class Thing:
        x = 7

    assert django_text(f"{{{{ {name}.x }}}}") == LOAD + f"{{% value {name}.x %}}"
    assert render(f"{{{{ {name}.x }}}}", **{name: Thing()}) == "7"


def test_constants_as_c() -> None:
    class C:
        ENDOWMENT = Currency(100)

    assert render("{{ C.ENDOWMENT }}", C=C) == "100 points"


def test_index_and_key_access() -> None:
    assert django_text("{{ x.0 }} {{ d.key }}") == LOAD + "{% value x.0 %} {% value d.key %}"
    assert render("{{ x.0 }} {{ d.key }}", x=["first"], d={"key": "v"}) == "first v"


def test_a_method_call_drops_its_empty_parentheses() -> None:
    class Player:
        def doubled(self) -> int:
            return 42

    assert django_text("{{ player.doubled() }}") == LOAD + "{% value player.doubled %}"
    assert render("{{ player.doubled() }}", player=Player()) == "42"


def test_literals() -> None:
    assert render("{{ 'text' }} {{ 3 }}") == "text 3"


def test_spaces_around_a_filter_bar() -> None:
    assert django_text("{{ 20 | c }}") == LOAD + "{% value 20|c %}"
    assert render("{{ 20 | c }}") == "20 points"


# --- filters --------------------------------------------------------------------------------

@pytest.mark.parametrize("source, context, html", [
    ("{{ 20|c }}", {}, "20 points"),
    ("{{ 20|cu }}", {}, "20 points"),
    ("{{ -3|abs }}", {}, "3"),
    ("{{ pi|to0 }} {{ pi|to1 }} {{ pi|to2 }}", {"pi": 3.14159}, "3 3.1 3.14"),
    ("{{ half|to0 }} {{ half|to1 }}", {"half": 2.5}, "3 2.5"),
    ("{{ amount|to2 }}", {"amount": Currency(7)}, "7.00 points"),
    ("{{ word|to2 }}", {"word": "n/a"}, "n/a"),
    ("{{ data|json }}", {"data": {"a": [1, None, True]}}, '{"a": [1, null, true]}'),
    ("{{ text|json }}", {"text": "a"}, '"a"'),
])
def test_otree_filters(source: str, context: dict[str, Any], html: str) -> None:
    assert render(source, **context) == html


def test_a_filter_argument_in_otree_5_form_and_in_django_form() -> None:
    assert django_text('{{ x|default("none") }}') == LOAD + '{% value x|default:"none" %}'
    assert render('{{ x|default("none") }} {{ x|default:"-" }}', x=None) == "none -"


# --- tags -----------------------------------------------------------------------------------

def test_blocks_without_extends_extend_the_page_layout() -> None:
    text = django_text("{{ block title }}Hi{{ endblock }}\n{{ block content }}x{{ endblock }}")
    assert text == ('{% extends "global/Page.html" %}' + LOAD
                    + "{% block title %}Hi{% endblock %}\n{% block content %}x{% endblock %}")


def test_the_page_layout_shows_the_blocks() -> None:
    html = render("{{ block title }}My title{{ endblock }}{{ block content }}<p>body</p>"
                  "{{ endblock }}{{ block styles }}<style>.a{}</style>{{ endblock }}"
                  "{{ block scripts }}<script>var a;</script>{{ endblock }}")
    assert '<h1 class="page-title">My title</h1>' in html
    assert "<p>body</p>" in html
    assert "<style>.a{}</style>" in html and "<script>var a;</script>" in html


def test_global_blocks_of_a_project_page() -> None:
    source = ('{{ extends "otree/Page.html" }}\n{{ block global_scripts }}<script>g</script>'
              "{{ endblock }}")
    assert django_text(source, "global/Page.html") == (
        '{% extends "otree/Page.html" %}' + LOAD + "\n{% block global_scripts %}<script>g</script>"
        "{% endblock %}")
    assert "<script>g</script>" in render(source, "global/Page.html")


def test_an_explicit_extends_is_kept() -> None:
    text = django_text('{{ extends "otree/WaitPage.html" }}{{ block content }}w{{ endblock }}')
    assert text == '{% extends "otree/WaitPage.html" %}' + LOAD + "{% block content %}w{% endblock %}"


def test_a_file_without_blocks_is_a_fragment() -> None:
    assert django_text("<p>{{ x }}</p>") == LOAD + "<p>{% value x %}</p>"


def test_old_style_tags_mean_the_same() -> None:
    assert django_text("{% if x %}a{% endif %}") == LOAD + "{% if x %}a{% endif %}"
    assert render("{% load otree %}{% if x %}a{% endif %}", x=1) == "a"


def test_if_elif_else() -> None:
    source = "{{ if n == 0 }}zero{{ elif n < 0 }}negative{{ else }}positive{{ endif }}"
    assert django_text(source) == LOAD + (
        "{% if n == 0 %}zero{% elif n < 0 %}negative{% else %}positive{% endif %}")
    assert [render(source, n=n) for n in (0, -1, 5)] == ["zero", "negative", "positive"]


@pytest.mark.parametrize("condition, expected", [
    ("a != b", True), ("a > b", False), ("a <= b", True), ("a >= b", False),
    ("a and b", True), ("a and z", False), ("z or a", True), ("not z", True),
    ("x in items", True), ("y not in items", True), ("a or z and z", True),
    ("a==1", True), ("n|abs > 2", True), ("n | abs > 2", True), ("word == 'yes'", True),
])
def test_if_expressions(condition: str, expected: bool) -> None:
    context = {"a": 1, "b": 2, "z": 0, "x": "p", "y": "q", "items": ["p"], "n": -3,
               "word": "yes"}
    assert render(f"{{{{ if {condition} }}}}T{{{{ else }}}}F{{{{ endif }}}}", **context) == \
        ("T" if expected else "F")


def test_if_on_a_method_call() -> None:
    class Player:
        def is_rich(self) -> bool:
            return True

    assert django_text("{{ if player.is_rich() }}$${{ endif }}") == \
        LOAD + "{% if player.is_rich %}$${% endif %}"
    assert render("{{ if player.is_rich() }}rich{{ endif }}", player=Player()) == "rich"


def test_for_with_forloop_and_empty() -> None:
    source = "{{ for item in items }}{{ forloop.counter }}:{{ item }} {{ empty }}none{{ endfor }}"
    assert django_text(source) == LOAD + (
        "{% for item in items %}{% value forloop.counter %}:{% value item %} {% empty %}none"
        "{% endfor %}")
    assert render(source, items=["a", "b"]) == "1:a 2:b "
    assert render(source, items=[]) == "none"


def test_for_over_pairs() -> None:
    source = "{{ for k, v in d.items() }}{{ k }}={{ v }};{{ endfor }}"
    assert django_text(source) == LOAD + "{% for k, v in d.items %}{% value k %}={% value v %};{% endfor %}"
    assert render(source, d={"a": 1, "b": 2}) == "a=1;b=2;"


def test_comments_single_and_multi_line_keep_the_lines() -> None:
    source = "a{# one #}b\n{#\n two\n#}c"
    assert django_text(source) == LOAD + "ab\n\n\nc"
    assert render(source) == "ab\n\n\nc"


def test_comment_tag_hides_what_it_holds() -> None:
    assert render("a{{ comment }}{{ nonsense here }}{{ endcomment }}b") == "ab"


def test_with() -> None:
    assert django_text("{{ with n=player.x }}{{ n }}{{ endwith }}") == \
        LOAD + "{% with n=player.x %}{% value n %}{% endwith %}"


def test_include_and_include_sibling() -> None:
    assert django_text("{{ include 'trust/instructions.html' }}") == \
        LOAD + "{% include 'trust/instructions.html' %}"
    assert django_text("{{ include C.INSTRUCTIONS with x=1 }}") == \
        LOAD + "{% include C.INSTRUCTIONS with x=1 %}"
    assert django_text("{{ include_sibling 'instructions.html' }}", "trust/Send.html") == \
        LOAD + '{% include "trust/instructions.html" %}'


def test_static() -> None:
    assert django_text("{{ static 'trust/a.png' }}") == LOAD + "{% static 'trust/a.png' %}"
    assert render("<img src=\"{{ static 'trust/a.png' }}\">") == '<img src="/static/trust/a.png">'
    assert render("{{ static path }}", path="b.js") == "/static/b.js"


class AgeForm(forms.Form):
    age = forms.IntegerField(label="Your age")
    name = forms.CharField(label="Your name")


def test_formfields_formfield_and_its_label() -> None:
    assert django_text("{{ formfields }}") == LOAD + "{% formfields %}"
    assert django_text("{{ formfield 'age' }}") == LOAD + "{% formfield 'age' %}"
    assert django_text("{{ formfield player.age }}") == LOAD + "{% formfield player.age %}"
    assert django_text('{{ formfield player.age label="How old?" }}') == \
        LOAD + '{% formfield player.age label="How old?" %}'
    form = AgeForm()
    all_fields = render("{{ formfields }}", form=form)
    assert "Your age" in all_fields and "Your name" in all_fields
    one = render("{{ formfield 'age' }}", form=form)
    assert 'name="age"' in one and 'name="name"' not in one
    assert 'name="age"' in render("{{ formfield player.age }}", form=form)
    assert "How old?" in render('{{ formfield player.age label="How old?" }}', form=form)


def test_formfield_errors() -> None:
    form = AgeForm(data={"age": "x", "name": "a"})
    assert django_text("{{ formfield_errors 'age' }}") == LOAD + "{% formfield_errors 'age' %}"
    html = render("{{ formfield_errors 'age' }}", form=form)
    assert html.startswith('<div class="field-error" role="alert">') and "number" in html


def test_next_button() -> None:
    assert django_text("{{ next_button }}") == LOAD + "{% next_button %}"
    assert 'id="next-button"' in render("{{ next_button }}")


def test_chat_with_its_arguments() -> None:
    assert django_text("{{ chat }}") == LOAD + "{% chat %}"
    assert django_text("{{ chat nickname=player.role channel=group.id_in_subsession }}") == \
        LOAD + "{% chat nickname=player.role channel=group.id_in_subsession %}"


def test_multi_line_tag_keeps_the_lines_after_it() -> None:
    text = django_text('{{ formfield player.age\n   label="Age" }}\n{{ x }}')
    assert text == LOAD + '{% formfield player.age label="Age" %}\n\n{% value x %}'


def test_what_shows_a_template_written_in_otree_syntax() -> None:
    assert uses_otree_tags("{{ block content }}")
    assert uses_otree_tags("{{ extends 'global/Page.html' }}")
    assert uses_otree_tags("{{formfields}}")
    assert uses_otree_tags("{{ load otree }}")
    assert not uses_otree_tags("{% block content %}{{ player.x }}{% endblock %}")
    assert not uses_otree_tags("{{ block_size }} {{ if_any }} {{ chat.x }}")


def test_a_custom_wait_page_in_otree_syntax() -> None:
    html = render('{{ extends "otree/WaitPage.html" }}{{ block title }}Please wait{{ endblock }}'
                  "{{ block content }}<p>{{ n }} still choosing</p>{{ endblock }}", n=2)
    assert '<h1 class="page-title">Please wait</h1>' in html
    assert "<p>2 still choosing</p>" in html and 'id="quorum-wait"' in html


def test_formfield_of_each_field_in_a_loop_over_the_form() -> None:
    html = render("{{ for field in form }}<div>{{ formfield field }}</div>{{ endfor }}",
                  form=AgeForm())
    assert html.index('name="age"') < html.index('name="name"')
    assert html.count("<div>") == 2
