"""SessionTypes of bench/conditions_settings.py: the bundled ones and tests/apps/conditioned's."""
from experiments.sessions import SESSION_TYPES as BUNDLED
from tests.apps.conditioned.session_types import SESSION_TYPES as CONDITIONED

SESSION_TYPES = [*BUNDLED, *CONDITIONED]
