"""Summarise a ``make mutation`` run: the score per module and every mutant that was not killed.

``python -m bench._mutation [mutants-dir]`` reads mutmut's per-file result files (``*.py.meta``);
mutants that were generated but not run (functions outside the chosen rules) are left out.
Not a benchmark (hence the underscore: ``python -m bench`` does not run it).
"""

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

# A timeout is a mutant the tests stopped (an endless loop): counted as killed, as mutmut does.
CAUGHT = {"killed", "timeout", "segfault", "caught by type check"}


def read(mutants: Path) -> dict[str, dict[str, str]]:
    """{source file: {mutant name: status}} for the mutants that were run."""
    results: dict[str, dict[str, str]] = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        ran = {name: status_by_exit_code[code] for name, code in codes.items() if code is not None}
        if ran:
            results[str(meta.relative_to(mutants))[: -len(".meta")]] = ran
    return results


def main(argv: list[str]) -> int:
    mutants = Path(argv[0] if argv else "mutants")
    results = read(mutants)
    if not results:
        print(f"No mutation results under {mutants}/: run `make mutation` first.", file=sys.stderr)
        return 1
    total = Counter()
    print("| module | mutants | killed | survived | score |\n| --- | ---: | ---: | ---: | ---: |")
    for path, statuses in results.items():
        caught = sum(status in CAUGHT for status in statuses.values())
        total.update(mutants=len(statuses), caught=caught)
        print(f"| `{path}` | {len(statuses)} | {caught} | {len(statuses) - caught} | {caught / len(statuses):.1%} |")
    missed = total["mutants"] - total["caught"]
    score = total["caught"] / total["mutants"]
    print(f"| **all** | {total['mutants']} | {total['caught']} | {missed} | **{score:.1%}** |")
    print("\nNot killed (`mutmut show NAME` prints the change):")
    for statuses in results.values():
        for name, status in sorted(statuses.items()):
            if status not in CAUGHT:
                print(f"- `{name}`: {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
