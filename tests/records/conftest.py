"""Fixtures of the records tests: the REST API's script client (tests/api/conftest.py) and the
logged-in lab manager (tests/admin/conftest.py)."""
from tests.admin.conftest import experimenter
from tests.api.conftest import script

__all__ = ["experimenter", "script"]
