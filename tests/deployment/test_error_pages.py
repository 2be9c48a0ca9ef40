"""With DEBUG=false participants see Quorum's styled 404 and 500 pages, never Django's bare
"Not Found" or "Server Error (500)". The 500 page renders without a request and without the
database (these tests have no database access: touching it would fail them)."""
from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client, override_settings

STYLESHEET = "/static/quorum/quorum.css"

pytestmark = pytest.mark.urls("tests.deployment.raising_urls")


@override_settings(DEBUG=False)
def test_an_unknown_address_shows_the_styled_404_page() -> None:
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found</title>" in html and STYLESHEET in html
    assert "Check the link you were given" in html


@override_settings(DEBUG=False)
def test_a_failing_view_shows_the_styled_500_page() -> None:
    response = Client(raise_request_exception=False).get("/test-only/fail/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Server Error (500)" not in html
    assert "<title>Something went wrong</title>" in html and STYLESHEET in html
    assert "reload" in html and "a bug in a view" not in html


def test_the_500_page_renders_without_a_request_or_a_context() -> None:
    html = render_to_string("500.html")
    assert "Something went wrong" in html and STYLESHEET in html
