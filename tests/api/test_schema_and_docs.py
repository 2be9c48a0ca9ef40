"""The OpenAPI schema (/admin/api/v1/schema/) and its docs page (/admin/api/v1/docs/): staff
only; the schema is valid, generated without a warning, and describes every endpoint of the
API (rooms included) with its request, its response and its error responses."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient
from rest_framework.views import APIView

import config.converters  # noqa: F401  (registers <name:> and <room_name:>, as config/urls.py does)
import rooms.api_urls
import sessions_core.rest.urls
from tests.api.conftest import API
from tests.permissions import staff_with, token_client


def api_routes() -> list[tuple[str, str]]:
    """(OpenAPI path, method) of every API view the URL modules route."""
    routes = []
    for pattern in [*sessions_core.rest.urls.urlpatterns, *rooms.api_urls.urlpatterns]:
        view = getattr(pattern.callback, "view_class", None)
        if view is None or not issubclass(view, APIView) or "spectacular" in view.__module__:
            continue
        path = API + "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        routes += [(path, method) for method in ("get", "post", "put", "patch", "delete")
                   if hasattr(view, method)]
    return routes


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return dict(SchemaGenerator().get_schema(request=None, public=True))


def test_the_schema_is_valid_openapi_generated_without_warnings(tmp_path: Path) -> None:
    # --fail-on-warn: an endpoint the generator cannot describe fails here.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    assert "/admin/api/v1/sessions/" in (tmp_path / "s.yaml").read_text()


def test_every_endpoint_is_described_with_its_errors(schema: dict[str, Any]) -> None:
    routes = api_routes()
    assert len(routes) > 25
    for path, method in routes:
        operation = schema["paths"][path][method]
        codes = set(operation["responses"])
        assert {"401", "403"} <= codes, (path, method)
        assert any(code.startswith("2") for code in codes), (path, method)
        for code in codes - {"200", "201", "204"}:
            body = operation["responses"][code]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/ApiError"}, (path, method, code)
        if method in ("post", "put", "patch"):
            assert "400" in codes, (path, method)
        if "{" in path:
            assert "404" in codes, (path, method)


def test_request_and_response_bodies_are_described(schema: dict[str, Any]) -> None:
    create = schema["paths"][f"{API}/sessions/"]["post"]
    request = create["requestBody"]["content"]["application/json"]["schema"]
    assert request == {"$ref": "#/components/schemas/SessionCreateInput"}
    fields = schema["components"]["schemas"]["SessionCreateInput"]["properties"]
    assert set(fields) == {"session_type", "num_participants", "label", "is_test", "config"}
    created = create["responses"]["201"]["content"]["application/json"]["schema"]
    assert created == {"$ref": "#/components/schemas/SessionCreatedOutput"}
    room = schema["paths"][f"{API}/rooms/{{room_name}}/session/"]["post"]
    assert room["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/RoomWithSessionOutput"}


def test_the_schema_is_for_staff_only(db: None) -> None:
    url = f"{API}/schema/?format=json"
    assert APIClient().get(url).status_code == 401
    assert token_client(staff_with(staff=False)).get(url).status_code == 403
    response = token_client(staff_with()).get(url)
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Quorum REST API"


def test_the_docs_page_sends_anonymous_visitors_to_the_login(db: None) -> None:
    response = Client().get(f"{API}/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_docs_page_loads_everything_from_this_server(db: None) -> None:
    browser = Client()
    browser.force_login(staff_with())
    response = browser.get(f"{API}/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui" in source for source in sources)
    assert all(source.startswith("/static/") for source in sources), sources
    assert "validatorUrl" in html and "//" not in html.replace("http://testserver", "").split(
        "<script")[0].split("<body")[-1]
