"""The demo's data files (JSON), read by the demo loaders."""

import csv
import json
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent


@cache
def read_json(name: str):
    """One data file's contents; read once per process (callers must not change what they get)."""
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@cache
def read_csv(name: str) -> list[dict[str, str]]:
    """One CSV data file's rows (header row first), as dicts of strings."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))
