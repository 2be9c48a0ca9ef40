"""templates/otree/: the bases oTree 3 templates extend ("otree/Page.html", "otree/WaitPage.html"),
with oTree's blocks, each kept apart, on Quorum's page and wait page."""
from __future__ import annotations

from django.template import Context, Template


def render(source: str) -> str:
    return Template(source).render(Context({"position_token": "1-1-0", "body_text": "Waiting.",
                                            "socket_path": "/ws/p/s/p/"}))


def test_otree_page_keeps_global_app_and_page_styles_and_scripts_apart() -> None:
    html = render('{% extends "otree/Page.html" %}'
                  '{% block global_styles %}<link id="global">{% endblock %}'
                  '{% block app_styles %}<link id="app">{% endblock %}'
                  '{% block styles %}<link id="page">{% endblock %}'
                  '{% block global_scripts %}<script id="g"></script>{% endblock %}'
                  '{% block scripts %}<script id="p"></script>{% endblock %}'
                  '{% block title %}Hello{% endblock %}{% block content %}BODY{% endblock %}')
    head, body = html.split("</head>")
    assert head.index('id="global"') < head.index('id="app"') < head.index('id="page"')
    assert body.index('id="g"') < body.index('id="p"')
    assert '<h1 class="page-title">Hello</h1>' in body
    assert 'name="_quorum_page" value="1-1-0"' in body and "BODY" in body


def test_otree_wait_page_moves_on_by_itself_whatever_blocks_a_page_fills() -> None:
    html = render('{% extends "otree/WaitPage.html" %}'
                  '{% block title %}Please wait{% endblock %}'
                  '{% block content %}<p>Custom text</p>{% endblock %}'
                  '{% block scripts %}<script id="own"></script>{% endblock %}')
    assert '<h1 class="page-title">Please wait</h1>' in html
    assert 'id="quorum-wait" data-socket="/ws/p/s/p/"' in html
    assert "quorum/wait.js" in html and '<script id="own"></script>' in html
    assert "Custom text" in html and "Waiting." not in html


def test_otree_wait_page_shows_body_text_by_default() -> None:
    assert "<p>Waiting.</p>" in render('{% extends "otree/WaitPage.html" %}')
