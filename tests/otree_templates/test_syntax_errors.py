"""A mistake in an oTree 5 template names the file and the line: found by the translation (an
unknown tag, a block left open, an end without its start, an expression it cannot read) or by
Django's compiler on the translated text (whose lines are the file's)."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.template import TemplateSyntaxError
from django.template.loader import get_template
from django.test import Client

from sessions_core.otree_templates.translate import OTreeTemplateError, translate
from tests.conftest import make_session, participants_of, url_of


@pytest.fixture
def folder(settings: Any, tmp_path: Path) -> Path:
    """A project template folder (like _templates/) searched first."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    (tmp_path / "app").mkdir()
    return tmp_path


def error_of(folder: Path, source: str) -> str:
    path = folder / "app" / "Bad.html"
    path.write_text(source)
    with pytest.raises(TemplateSyntaxError) as error:
        get_template("app/Bad.html")
    return str(error.value)


@pytest.mark.parametrize("source, line, words", [
    ("{{ block content }}\n\n{{ frobnicate 'x' }}\n{{ endblock }}", 3, "unknown tag {{ frobnicate }}"),
    ("{{ block content }}\n<p>\n{{ if x }}\nyes\n{{ endblock }}", 5,
     "{{ endblock }} while {{ if }} of line 3 is still open (no {{ endif }})"),
    ("{{ block content }}\n{{ for x in y }}\n{{ x }}", 2, "{{ for }} opened on line 2 is never closed"),
    ("{{ block content }}\nhello\n", 1, "{{ block }} opened on line 1 is never closed"),
    ("{{ block content }}\n{{ endif }}\n{{ endblock }}", 2, "{{ endif }} without an open {{ if }}"),
    ("{{ block content }}\n\n\n{{ if (a or b) and c }}x{{ endif }}{{ endblock }}", 4,
     "cannot read the expression '(a'"),
    ("{{ block content }}\n{{ player.x + 1 }}\n{{ endblock }}", 2, "cannot read the expression"),
    ("{{ block content }}\n{{ else }}\n{{ endblock }}", 2, "{{ else }} outside an {{ if }}"),
])
def test_a_mistake_found_by_the_translation(folder: Path, source: str, line: int,
                                            words: str) -> None:
    message = error_of(folder, source)
    assert message.startswith(f"{folder / 'app' / 'Bad.html'}, line {line}: ")
    assert words in message


@pytest.mark.parametrize("source, line, words", [
    ("{{ block content }}\n\n{{ x|no_such_filter }}\n{{ endblock }}", 3, "Invalid filter"),
    ("{{ block content }}\n{{ if a and }}x{{ endif }}\n{{ endblock }}", 2, "if"),
    ("{{ block content }}x{{ endblock }}\n{{ block content }}y{{ endblock }}", 2,
     "appears more than once"),
])
def test_a_mistake_found_by_djangos_compiler_keeps_the_files_line(folder: Path, source: str,
                                                                  line: int, words: str) -> None:
    message = error_of(folder, source)
    assert message.startswith(f"{folder / 'app' / 'Bad.html'}, line {line}: ")
    assert words in message


def test_the_translation_alone_gives_the_line() -> None:
    with pytest.raises(OTreeTemplateError) as error:
        translate("a\nb\n{{ endfor }}", name="x/y.html")
    assert error.value.line == 3


def test_an_included_sibling_with_a_mistake_names_its_own_file(folder: Path) -> None:
    (folder / "app" / "Page.html").write_text(
        "{{ block content }}{{ include_sibling 'part.html' }}{{ endblock }}")
    (folder / "app" / "part.html").write_text("<p>\n{{ if }}</p>")
    with pytest.raises(TemplateSyntaxError) as error:
        get_template("app/Page.html").render({})
    assert str(error.value).startswith(f"{folder / 'app' / 'part.html'}, line 2: ")


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(logging.Formatter().format(record))


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_the_error_page_in_debug_and_the_log_show_the_file_and_line(
        folder: Path, settings: Any, debug: bool) -> None:
    settings.DEBUG = debug
    participant = participants_of(make_session("otree5_pages", 1))[0]
    # A project template of the same name comes first (DIRS), as an override would.
    (folder / "otree5_pages").mkdir()
    bad = folder / "otree5_pages" / "Decide.html"
    bad.write_text("{{ block content }}\n{{ nope nope }}\n{{ endblock }}")
    records = Records()
    logger = logging.getLogger("django.request")
    logger.addHandler(records)
    try:
        response = Client(raise_request_exception=False).get(url_of(participant))
    finally:
        logger.removeHandler(records)
    where = f"{bad}, line 2: unknown tag {{{{ nope }}}}"
    assert response.status_code == 500
    assert (where in response.content.decode()) == debug
    assert any(where in text for text in records.texts)


def test_a_formfield_not_in_the_pages_form_names_the_file_and_line(folder: Path) -> None:
    class AgeForm(forms.Form):
        age = forms.IntegerField()

    (folder / "app" / "Form.html").write_text("{{ if 1 }}\n{{ formfield 'agee' }}{{ endif }}")
    with pytest.raises(TemplateSyntaxError) as error:
        get_template("app/Form.html").render({"form": AgeForm()})
    assert str(error.value) == (f"{folder / 'app' / 'Form.html'}, line 2: formfield: 'agee' is "
                                "not in the form_fields of page ?")
