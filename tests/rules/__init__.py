"""Pure tests of the rule engine (no database, no Django settings)."""

import importlib.util
import sys
from pathlib import Path

# The rule engine is pure Python: let these tests run from a checkout without an installed package.
if importlib.util.find_spec("herenigd") is None:  # pragma: no cover - depends on the environment
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
