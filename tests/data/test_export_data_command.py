"""manage.py export_data writes a session's (or a SessionType's) export to a file as it streams,
with a progress bar on stderr, and stops with a clear message and a non-zero exit on bad input."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sessions_core.data.exports import export_stream
from sessions_core.models import Session
from tests.data.conftest import content, play


def export_data(*args: str) -> str:
    """Run the command; what it wrote to stderr."""
    err = io.StringIO()
    call_command("export_data", *args, stderr=err)
    return err.getvalue()


@pytest.fixture
def trust_sessions(db: None) -> list[Session]:
    return play("trust")


def test_csv_is_the_wide_csv_written_to_out(trust_sessions: list[Session], tmp_path: Path) -> None:
    session = trust_sessions[0]
    out = tmp_path / "wide.csv"
    err = export_data(session.name, "--format", "csv", "--out", str(out))
    assert out.read_bytes() == content(export_stream(sessions=[session], format="wide_csv"))
    assert f"[{'#' * 30}] 100%  2/2 participants\n" in err
    assert f"Wrote {out}" in err
    assert not list(tmp_path.glob("*.part"))


def test_zip_of_every_session_of_a_type_into_a_folder(trust_sessions: list[Session],
                                                      tmp_path: Path) -> None:
    err = export_data("--type", "trust", "--out", str(tmp_path))
    [written] = tmp_path.iterdir()
    assert written.name.startswith("trust-sessions-") and written.suffix == ".zip"
    archive = zipfile.ZipFile(written)
    assert archive.read("all_apps_wide.csv") == content(
        export_stream(sessions=trust_sessions, format="wide_csv"))
    assert "100%" in err


def test_json_goes_to_the_current_folder_by_default(trust_sessions: list[Session], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    session = trust_sessions[0]
    export_data(session.name, "--format", "json")
    [written] = tmp_path.iterdir()
    assert written.name == export_stream(sessions=[session], format="json").filename
    assert json.loads(written.read_text())["sessions"][0]["code"] == session.name


def test_an_apps_csv_counts_players(trust_sessions: list[Session], tmp_path: Path) -> None:
    out = tmp_path / "trust.csv"
    err = export_data(trust_sessions[0].name, "--format", "app_csv", "--app", "trust",
                      "--out", str(out))
    assert out.read_bytes() == content(export_stream(sessions=[trust_sessions[0]],
                                                     format="app_csv", app_label="trust"))
    assert "2/2 players" in err


@pytest.mark.parametrize("args, message", [
    (["nosuchsession"], "no session 'nosuchsession'"),
    (["--type", "dictator"], "no sessions of SessionType 'dictator'"),
    ([], "name one session (its code) or --type T, not both or neither"),
    (["{session}", "--type", "trust"], "not both or neither"),
    (["{session}", "--format", "app_csv"], "app_csv needs an app: one of trust"),
    (["{session}", "--format", "app_csv", "--app", "ultimatum"], "no app 'ultimatum'"),
    (["{session}", "--format", "json", "--app", "trust"], "an app is chosen only for app_csv"),
])
def test_bad_input_stops_with_the_reason(trust_sessions: list[Session], tmp_path: Path,
                                         args: list[str], message: str) -> None:
    args = [a.format(session=trust_sessions[0].name) for a in args]
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        export_data(*args, "--out", str(tmp_path / "x"))
    assert not list(tmp_path.iterdir())


def test_an_unknown_format_exits_non_zero_with_the_choices(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "manage.py", "export_data", "abc", "--format", "xlsx"],
                          capture_output=True, text=True, cwd=Path(__file__).parents[2],
                          timeout=120)
    assert done.returncode != 0
    assert "invalid choice: 'xlsx'" in done.stderr and "zip" in done.stderr
