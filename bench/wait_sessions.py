"""SessionTypes of bench/wait_settings.py: the bundled ones and cc_crowd."""
from experiments.sessions import SESSION_TYPES as BUNDLED
from tests.apps.cc_crowd.session_types import SESSION_TYPES as CROWD

SESSION_TYPES = [*BUNDLED, *CROWD]
