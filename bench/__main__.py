"""Run the benchmarks: ``python -m bench`` runs every module; ``python -m bench search`` runs named ones.

Each benchmark is a module in this package with a ``main(argv)`` function; arguments after the
module names are passed to each (``python -m bench search --count 100000``).
"""

import importlib
import pkgutil
import sys
from pathlib import Path


def available() -> list[str]:
    return sorted(
        info.name for info in pkgutil.iter_modules([str(Path(__file__).parent)]) if not info.name.startswith("_")
    )


def main(argv: list[str]) -> int:
    argv = list(argv)
    names: list[str] = []
    while argv and argv[0] in available():
        names.append(argv.pop(0))
    if argv and not argv[0].startswith("-"):
        print(f"Unknown benchmark {argv[0]!r}. Available: {', '.join(available())}", file=sys.stderr)
        return 2
    names, rest = names or available(), argv
    status = 0
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        entry = getattr(module, "main", None)
        if entry is None:
            print(f"bench.{name} has no main(argv); skipped.", file=sys.stderr)
            continue
        print(f"== bench.{name}", flush=True)
        status = max(status, int(entry(rest) or 0))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
