"""Production is configured by environment only: the documented production environment passes
`manage.py check --deploy` with no warning, each HTTPS switch reaches its Django setting, bad
values are refused by name, and DEBUG=false refuses to start without a SECRET_KEY of its own.

Settings are read once per process, so each case runs config.settings in a subprocess."""
from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from config.env import env_header_value

BASE_DIR = Path(__file__).resolve().parents[2]
OPERATIONS = BASE_DIR / "docs" / "operations.md"

_PRINT_SETTINGS = """
import json
import config.settings as settings
names = ["DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
         "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
         "SECURE_PROXY_SSL_HEADER", "SECRET_KEY"]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def documented_environment() -> dict[str, str]:
    """The NAME=value lines of the sh block under "The production environment" in
    docs/operations.md; <placeholders> are filled the way the document says to."""
    text = OPERATIONS.read_text()
    section = text[text.index("### The production environment"):]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "docs/operations.md: no sh block under 'The production environment'"
    env = dict(line.split("=", 1) for line in block.group(1).splitlines() if "=" in line)
    assert env["SECRET_KEY"].startswith("<"), "the document must not publish a key"
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    assert not [value for value in env.values() if value.startswith("<")], env
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A process with config.settings and only `env` besides PATH and HOME."""
    base = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"),
            "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "ERROR"}
    return subprocess.run([sys.executable, *args], env={**base, **env}, cwd=BASE_DIR,
                          capture_output=True, text=True, timeout=120)


def settings_under(env: dict[str, str]) -> dict[str, object]:
    done = run(["-c", _PRINT_SETTINGS], env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_on_the_documented_production_environment() -> None:
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
               documented_environment())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNINGS" not in done.stdout + done.stderr


def test_check_deploy_warns_without_the_https_switches() -> None:
    env = {name: value for name, value in documented_environment().items()
           if not name.startswith(("SECURE_", "SESSION_COOKIE", "CSRF_COOKIE"))}
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert done.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in done.stderr + done.stdout


def test_the_https_switches_reach_their_settings() -> None:
    values = settings_under(documented_environment())
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_the_embedded_default_has_them_all_off() -> None:
    values = settings_under({})
    assert values["DEBUG"] is True
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False and values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None


@pytest.mark.parametrize("key", [None, "quorum-embedded-default-not-secret"])
def test_debug_false_refuses_to_start_without_its_own_secret_key(key: str | None) -> None:
    env = {"DEBUG": "false"} if key is None else {"DEBUG": "false", "SECRET_KEY": key}
    done = run(["-c", "import config.settings"], env)
    assert done.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG=false" in done.stderr


@pytest.mark.parametrize("raw", ["https", "HTTP_X_FORWARDED_PROTO", "X_FORWARDED_PROTO,https",
                                 "HTTP_X_FORWARDED_PROTO,", "HTTP_X_FORWARDED_PROTO,https,http"])
def test_a_malformed_proxy_header_is_refused_by_name(monkeypatch: pytest.MonkeyPatch,
                                                     raw: str) -> None:
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", raw)
    with pytest.raises(ImproperlyConfigured, match="^SECURE_PROXY_SSL_HEADER must be"):
        env_header_value("SECURE_PROXY_SSL_HEADER")


@override_settings(SECURE_SSL_REDIRECT=True)
def test_the_ssl_redirect_spares_the_health_check(db: None) -> None:
    assert Client().get("/healthz/").status_code == 200
    assert Client().get("/room/lab/").status_code == 301
