"""The fields the test app fieldcheck (tests/apps/fieldcheck) declares, as a project would in
PARTICIPANT_FIELDS and SESSION_FIELDS; declared for these tests only, so that other tests'
exports keep their columns."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from sessions_core.experimenter.declared import declare

PARTICIPANT = ["offers_made", "first_offer"]
SESSION = ["settled_rounds"]


@pytest.fixture(autouse=True)
def fieldcheck_fields() -> Iterator[None]:
    previous = declare(participant=PARTICIPANT, session=SESSION)
    yield
    declare(participant=previous.participant, session=previous.session)
