"""Geocoder load cost: what the first lookup of each kind costs a fresh process, in time and memory.

Each gazetteer table (city names, US ZIP codes, Canadian and UK outward codes) is built on first
use and kept for the process. Each measurement runs in its own fresh interpreter, so one table's
cost is not hidden in another's: the import of ``directory.geocoding`` (nothing loaded yet), then
one ``geocode()`` that needs that table, timed in wall-clock and CPU time, with the growth of the
resident set (``/proc/self/statm``). The figures are printed; docs/geocoding.md keeps a copy.

    .venv/bin/python -m bench geocoder
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOKUPS = {
    "Canadian/UK postcode table": "SW1A 1AA",
    "US ZIP table": "10001",
    "city names": "Toronto",
}

MEASURE = r"""
import json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
from django.conf import settings
settings.INSTALLED_APPS  # settings loaded before the clock starts
wall, cpu = time.perf_counter(), time.process_time()
import directory.geocoding as geocoding
imported = time.perf_counter()
before = rss()
wall1, cpu1 = time.perf_counter(), time.process_time()
place = geocoding.OfflineGeocoder().geocode(sys.argv[1])
wall2, cpu2 = time.perf_counter(), time.process_time()
uncached = geocoding.OfflineGeocoder()._geocode.__wrapped__
start = time.perf_counter()
for _ in range(1000):
    uncached(geocoding.OfflineGeocoder(), sys.argv[1], None)
print(json.dumps({
    "import_ms": 1000 * (imported - wall),
    "first_wall_s": wall2 - wall1,
    "first_cpu_s": cpu2 - cpu1,
    "rss_mb": (rss() - before) / 1e6,
    "then_ms": (time.perf_counter() - start),
    "label": place.label if place else None,
}))
"""


def measure(text: str) -> dict:
    result = subprocess.run([sys.executable, "-c", MEASURE, text], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    argparse.ArgumentParser(prog="bench geocoder", description=__doc__).parse_args(argv)
    print("| first lookup that needs it | CPU | wall | memory (RSS) | then, per lookup |")
    print("| --- | --- | --- | --- | --- |")
    for table, text in LOOKUPS.items():
        figures = measure(text)
        print(
            f"| {table} (`{text}` → {figures['label']}) | {figures['first_cpu_s']:.2f} s | "
            f"{figures['first_wall_s']:.2f} s | +{figures['rss_mb']:.0f} MB | {figures['then_ms']:.3f} ms |"
        )
    print(f"(import of directory.geocoding: {figures['import_ms']:.0f} ms)")
    return 0
