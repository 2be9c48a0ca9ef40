"""The admin is titled Quorum and its sections read Sessions, Participants and Rooms."""
from __future__ import annotations

from django.test import Client


def test_the_admin_is_titled_quorum(experimenter: Client) -> None:
    page = experimenter.get("/admin/").content.decode()
    assert "<title>Sessions, participants and rooms | Quorum</title>" in page
    assert '<div id="site-name"><a href="/admin/">Quorum</a></div>' in page
    assert "Django administration" not in page and "Django site admin" not in page


def test_the_login_page_is_titled_quorum(db: None) -> None:
    page = Client().get("/admin/login/").content.decode()
    assert ">Quorum</a>" in page and "Django administration" not in page


def test_sections_are_named_for_people(experimenter: Client) -> None:
    page = experimenter.get("/admin/").content.decode()
    for section in ("Sessions", "Participants", "Rooms"):
        assert f'title="Models in the {section} application">{section}</a>' in page
    assert "Sessions_Core" not in page and "sessions_core</a>" not in page


def test_the_header_links_to_the_demo_page(experimenter: Client) -> None:
    page = experimenter.get("/admin/").content.decode()
    assert '<a href="/" id="demo-page-link">Demo page</a>' in page
