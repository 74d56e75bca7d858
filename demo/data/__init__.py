"""The demo's data files (JSON), read by the demo loaders."""

import json
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent


@cache
def read_json(name: str):
    """One data file's contents; read once per process (callers must not change what they get)."""
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
