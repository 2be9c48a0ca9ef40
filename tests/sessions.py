"""SessionTypes for the tests: the bundled ones plus each test app's `session_types.py`."""
import importlib
from pathlib import Path

from experiments.sessions import SESSION_TYPES as BUNDLED

SESSION_TYPES = list(BUNDLED)
for _path in sorted((Path(__file__).parent / "apps").glob("*/session_types.py")):
    SESSION_TYPES += importlib.import_module(f"tests.apps.{_path.parent.name}.session_types").SESSION_TYPES
