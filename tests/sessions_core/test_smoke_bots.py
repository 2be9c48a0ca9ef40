import pytest
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)
def test_bots_command_plays_trust_to_the_end(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("bots", "trust", "2", "--no-progress")
    assert "All bot cases passed." in capsys.readouterr().out
