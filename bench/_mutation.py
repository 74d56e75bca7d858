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

KILLED = {"killed", "segfault", "caught by type check"}
# A timeout (the mutant's tests ran past their CPU budget) is counted apart: an endless loop is a
# catch, but on a loaded machine a slow test database can also exhaust the budget of a mutant that
# would have crashed or survived. The strict score counts only mutants a test failed on.
TIMEOUT = {"timeout"}


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
    total: Counter = Counter()
    print("| module | mutants | killed | timeout | survived | score | strict |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    rows = list(results.items()) + [("**all**", None)]
    for path, statuses in rows:
        if statuses is None:
            counts = total
        else:
            counts = Counter(
                killed=sum(s in KILLED for s in statuses.values()),
                timeout=sum(s in TIMEOUT for s in statuses.values()),
                mutants=len(statuses),
            )
            total.update(counts)
        missed = counts["mutants"] - counts["killed"] - counts["timeout"]
        score = (counts["killed"] + counts["timeout"]) / counts["mutants"]
        strict = counts["killed"] / counts["mutants"]
        name = path if statuses is None else f"`{path}`"
        print(
            f"| {name} | {counts['mutants']} | {counts['killed']} | {counts['timeout']} | {missed} "
            f"| {score:.1%} | {strict:.1%} |"
        )
    print("\nNot killed (`mutmut show NAME` prints the change):")
    for statuses in results.values():
        for name, status in sorted(statuses.items()):
            if status not in KILLED | TIMEOUT:
                print(f"- `{name}`: {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
