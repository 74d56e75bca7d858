"""Postcode shapes and the outward-code table read from the GeoNames extract a package ships."""

import gzip
import json

import pytest

from directory import postcodes
from directory.postcodes import Postcode, looks_like_postcode, outward_prefix, read_outward_codes, recognise


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("M5V 2T6", [Postcode("CA", "M5V", "2T6")]),
        ("m5v2t6", [Postcode("CA", "M5V", "2T6")]),
        (" M5V-2T6 ", [Postcode("CA", "M5V", "2T6")]),
        ("V6B 1A1", [Postcode("CA", "V6B", "1A1")]),
        ("SW1A 1AA", [Postcode("GB", "SW1A", "1AA")]),
        ("sw1a1aa", [Postcode("GB", "SW1A", "1AA")]),
        ("SW1A", [Postcode("GB", "SW1A")]),
        ("M1 1AD", [Postcode("GB", "M1", "1AD")]),
        ("m11ad", [Postcode("GB", "M1", "1AD")]),
        ("EC1A 1BB", [Postcode("GB", "EC1A", "1BB")]),
        ("B1", [Postcode("GB", "B1")]),
        ("10001", [Postcode("US", "10001")]),
        ("10001-1234", [Postcode("US", "10001")]),
        # "letter digit letter" is Canada's only shape, and a few London outward codes too.
        ("M5V", [Postcode("CA", "M5V"), Postcode("GB", "M5V")]),
        ("e1w", [Postcode("CA", "E1W"), Postcode("GB", "E1W")]),
    ],
)
def test_recognised_by_shape_whatever_the_case_and_spacing(text, readings):
    assert recognise(text) == readings


@pytest.mark.parametrize(
    "text", ["Toronto", "SW1A 1AA X", "2000", "D02 X285", "1012 AB", "M5V 2T6 7", "", "   ", None, 42, "Ｍ５Ｖ"]
)
def test_not_a_canadian_uk_or_us_postcode(text):
    assert recognise(text) == []


def test_postcode_written_the_usual_way():
    assert Postcode("GB", "SW1A", "1AA").code == "SW1A 1AA"
    assert Postcode("CA", "M5V").code == "M5V"


@pytest.mark.parametrize(
    ("text", "prefix"),
    [("sw1", "SW1"), ("M5", "M5"), ("m5v 2", "M5V"), ("E1W", "E1W"), ("787", "787"), ("man", None), ("M", None)],
)
def test_outward_prefix_being_typed(text, prefix):
    assert outward_prefix(text) == prefix


@pytest.mark.parametrize("text", ["2000", "D02 X285", "1012 AB", "75001", "1000-001", "VLT 1117", "SW1A 1AA"])
def test_looks_like_some_countrys_postcode(text):
    assert looks_like_postcode(text)


@pytest.mark.parametrize("text", ["Toronto", "Area 51", "Route 66", "12", "New York 10001", "", None])
def test_does_not_look_like_a_postcode(text):
    assert not looks_like_postcode(text)


def write_extract(path, rows):
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
    return path


def row(country, code, city, lat, lng, state=""):
    return {
        "country_code": country,
        "postal_code": code,
        "city": city,
        "state": state,
        "latitude": lat,
        "longitude": lng,
    }


def test_outward_code_centre_is_the_mean_of_its_localities(tmp_path):
    path = write_extract(
        tmp_path / "extract.jsonl.gz",
        [
            row("AD", "AD100", "Canillo", 42.58, 1.66),
            row("CA", "M5V", "Downtown Toronto (CN Tower / King and Spadina)", 43.64, -79.40, "Ontario"),
            row("CA", "H0H", "Reserved (Santa Claus)", 90.0, 0.0, "Quebec"),  # parked on the North Pole
            row("CA", "V3Y 0H2", "Pitt Meadows", 49.22, -122.69, "British Columbia"),
            row("GB", "ZE2", "Lerwick", 60.0, -1.0, "Scotland"),
            row("GB", "ZE2", "Scalloway", 61.0, -2.0, "Scotland"),
            row("GB", "E15", "Temple Mills", 51.53, 0.0, "England"),  # on the Greenwich meridian: kept
            row("GF", "97300", "Cayenne", 4.9, -52.3),
        ],
    )
    codes = read_outward_codes(path)
    assert set(codes) == {("CA", "M5V"), ("CA", "V3Y0H2"), ("GB", "ZE2"), ("GB", "E15")}
    toronto = codes[("CA", "M5V")]
    assert (toronto.code, toronto.name, toronto.region) == ("M5V", "Downtown Toronto", "Ontario")
    shetland = codes[("GB", "ZE2")]
    assert (shetland.latitude, shetland.longitude, shetland.name) == (60.5, -1.5, "Lerwick")
    assert codes[("CA", "V3Y0H2")].code == "V3Y 0H2"


def test_reading_stops_after_the_last_country_wanted(tmp_path, monkeypatch):
    # The extract is sorted by country; a row out of order after GB proves that nothing is read past it.
    monkeypatch.setattr(postcodes, "_CHUNK_BYTES", 64)
    path = write_extract(
        tmp_path / "extract.jsonl.gz",
        [
            row("CA", "M5V", "Toronto", 43.64, -79.40),
            row("GB", "SW1A", "Westminster", 51.50, -0.13),
            *[row("GF", f"973{n:02d}", "Cayenne", 4.9, -52.3) for n in range(20)],
            row("CA", "V6B", "Vancouver", 49.28, -123.11),
        ],
    )
    assert set(read_outward_codes(path)) == {("CA", "M5V"), ("GB", "SW1A")}


def test_no_extract_installed_means_no_codes(monkeypatch):
    monkeypatch.setattr(postcodes, "extract_path", lambda: None)
    assert read_outward_codes() == {}


def test_the_installed_extract_covers_canada_and_the_uk_on_their_own_soil():
    codes = read_outward_codes()
    canada = [code for (country, _), code in codes.items() if country == "CA"]
    uk = [code for (country, _), code in codes.items() if country == "GB"]
    assert len(canada) > 1600  # every forward sortation area
    assert len(uk) > 2900  # every outward code
    assert all(41.6 < c.latitude < 83.2 and -141.1 < c.longitude < -52.6 for c in canada)
    # The UK's postcodes include the Channel Islands' (GY, JE), south of Cornwall's latitude.
    assert all(49.1 < c.latitude < 60.9 and -8.7 < c.longitude < 1.8 for c in uk)
    assert all(c.name for c in [*canada, *uk])
    assert all(c.region for c in canada)
