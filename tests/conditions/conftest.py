"""The concurrency tests here run only against PostgreSQL, like tests/concurrency/'s (SQLite
serializes every write transaction, so a pass there would prove nothing); elsewhere they are
skipped with a reason that `-ra` prints."""
from tests.concurrency.conftest import pytest_runtest_setup  # noqa: F401  (the hook)
