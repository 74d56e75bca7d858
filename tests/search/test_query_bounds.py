"""Every rule of the directory query model at its bounds: the value just inside is accepted as given,
the value just outside is refused with the exact message a person reads on the page.

``test_query.py`` shows the rules; this module pins where each one starts and stops, so moving a
bound by one (``<`` for ``<=``, 501 for 500, one category of character fewer) fails a test.
"""

import unicodedata
from decimal import Decimal

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from search.query import (
    MAX_FEE,
    MAX_PAGE,
    MAX_SLUGS,
    PAGE_SIZE,
    DirectoryQuery,
    DirectoryResults,
    QueryError,
)

PAGE_ERROR = "Page must be a whole number from 1 to 500."
FEE_ERROR = "Maximum fee must be an amount from 0 to 100000."
NEAR_ERROR = "Coordinates must be latitude (−90 to 90), longitude (−180 to 180)."
BOTH_ERROR = "Give both latitude and longitude, or neither."


def parse(params) -> DirectoryQuery:
    return DirectoryQuery.from_params(QueryDict(params) if isinstance(params, str) else params)


def refused(params) -> dict[str, list[str]]:
    with pytest.raises(QueryError) as caught:
        parse(params)
    return caught.value.errors


def test_the_bounds_are_the_documented_ones():
    # The messages below spell these numbers out; a change of bound must change them knowingly.
    assert (500, Decimal("100000"), 20, 20) == (MAX_PAGE, MAX_FEE, MAX_SLUGS, PAGE_SIZE)


# --- page ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "page"), [("1", 1), ("2", 2), ("499", 499), ("500", 500), ("000500", 500), (" 7 ", 7)])
def test_pages_from_one_to_the_last(raw, page):
    assert parse({"page": raw}).page == page


@pytest.mark.parametrize("raw", ["0", "501", "502", "999999", "0000001", "1000000", "-1", "+3", "2.0", "²", "٣"])
def test_pages_outside_the_range_are_refused_with_the_range(raw):
    assert refused({"page": raw}) == {"page": [PAGE_ERROR]}


def test_a_missing_or_blank_page_is_the_first():
    assert parse({"page": ""}).page == 1
    assert parse({"page": "   "}).page == 1
    assert parse({}).offset == 0


def test_offset_counts_whole_pages():
    assert parse({"page": "3"}).offset == 2 * PAGE_SIZE
    assert parse({"page": "500"}).offset == 499 * PAGE_SIZE


@given(st.integers(min_value=-10, max_value=2_000))
def test_any_page_number_is_accepted_exactly_when_in_range(number):
    params = {"page": str(number)}
    if 1 <= number <= MAX_PAGE:
        assert parse(params).page == number
    else:
        assert refused(params) == {"page": [PAGE_ERROR]}


@pytest.mark.parametrize(
    ("total", "page", "page_count", "has_next", "has_previous"),
    [
        (0, 1, 1, False, False),
        (20, 1, 1, False, False),
        (21, 1, 2, True, False),
        (21, 2, 2, False, True),
        (10_020, 500, 501, False, True),  # results past the last browsable page are not offered
        (10_020, 499, 501, True, True),
    ],
)
def test_result_pages(total, page, page_count, has_next, has_previous):
    results = DirectoryResults(query=DirectoryQuery(page=page), total=total)
    assert (results.page_count, results.has_next, results.has_previous) == (page_count, has_next, has_previous)


# --- maximum fee -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fee"),
    [
        ("0", Decimal("0")),
        ("0.01", Decimal("0.01")),
        ("80.5", Decimal("80.5")),
        ("80.555", Decimal("80.56")),  # to the cent
        ("99999.99", Decimal("99999.99")),
        ("100000", Decimal("100000")),
        ("100000.00", Decimal("100000")),
        ("1e5", Decimal("100000")),
        (" 75 ", Decimal("75")),
    ],
)
def test_fees_up_to_the_cap_are_accepted(raw, fee):
    query = parse({"max_fee": raw})
    assert query.max_fee == fee
    assert query.active_filters == ["max_fee"]


@pytest.mark.parametrize(
    "raw", ["100000.01", "100001", "1e6", "-0.01", "-1", "NaN", "sNaN", "Infinity", "-Infinity", "£80", "8O"]
)
def test_fees_past_the_cap_or_not_amounts_are_refused(raw):
    assert refused({"max_fee": raw}) == {"max_fee": [FEE_ERROR]}


def test_a_blank_fee_is_no_fee_filter():
    assert parse({"max_fee": "  "}).max_fee is None


@given(st.decimals(min_value=-1000, max_value=MAX_FEE * 2, places=2, allow_nan=False))
def test_any_fee_is_accepted_exactly_when_within_the_cap(fee):
    params = {"max_fee": str(fee)}
    if 0 <= fee <= MAX_FEE:
        assert parse(params).max_fee == fee
    else:
        assert refused(params) == {"max_fee": [FEE_ERROR]}


# --- place, coordinates typed as a place, and an explicit point --------------------------------


@pytest.mark.parametrize(
    ("near", "point"),
    [
        ("10,180", (10.0, 180.0)),
        ("10,-180", (10.0, -180.0)),
        ("90,0", (90.0, 0.0)),
        ("-90,0", (-90.0, 0.0)),
        ("45.5 -73.6", (45.5, -73.6)),
        ("45.5;-73.6", (45.5, -73.6)),
    ],
)
def test_coordinates_in_range_typed_as_a_place_become_the_point(near, point):
    query = parse({"near": near})
    assert (query.near, query.lat, query.lng) == ("", *point)


@pytest.mark.parametrize("near", ["10,181", "10,-181", "10,180.5", "91,0", "-90.5,0", "999,999"])
def test_coordinates_out_of_range_typed_as_a_place_are_refused(near):
    assert refused({"near": near}) == {"near": [NEAR_ERROR]}


def test_an_explicit_point_wins_over_coordinates_typed_as_a_place():
    query = parse({"near": "51.5,-0.12", "lat": "10", "lng": "20"})
    assert (query.near, query.lat, query.lng) == ("51.5,-0.12", 10.0, 20.0)


def test_half_an_explicit_point_is_not_completed_from_the_place_box():
    assert refused({"near": "51.5,-0.12", "lat": "10"}) == {"lng": [BOTH_ERROR]}
    assert refused({"near": "51.5,-0.12", "lng": "20"}) == {"lat": [BOTH_ERROR]}


def test_a_bad_explicit_point_is_reported_and_the_place_box_is_not_read_as_one():
    assert refused({"near": "51.5,-0.12", "lat": "north", "lng": "20"}) == {"lat": ["Latitude must be a number."]}
    assert refused({"near": "51.5,-0.12", "lat": "10", "lng": "200"}) == {
        "lng": ["Longitude must be from -180 up to 180."]
    }
    # Coordinates in the place box that are off the globe say nothing more: the bad point is the error.
    assert refused({"near": "10,181", "lat": "north"}) == {"lat": ["Latitude must be a number."]}
    assert refused({"near": "10,181", "lng": "east"}) == {"lng": ["Longitude must be a number."]}


@pytest.mark.parametrize(
    ("params", "point"),
    [
        ({"lat": "90", "lng": "180"}, (90.0, 180.0)),
        ({"lat": "-90", "lng": "-180"}, (-90.0, -180.0)),
        ({"lat": "0", "lng": "0"}, (0.0, 0.0)),
    ],
)
def test_explicit_points_at_the_poles_and_the_date_line(params, point):
    query = parse(params)
    assert (query.lat, query.lng, query.has_point) == (*point, True)


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"lat": "90.0001", "lng": "0"}, {"lat": ["Latitude must be from -90 up to 90."]}),
        ({"lat": "-90.0001", "lng": "0"}, {"lat": ["Latitude must be from -90 up to 90."]}),
        ({"lat": "0", "lng": "180.0001"}, {"lng": ["Longitude must be from -180 up to 180."]}),
        ({"lat": "0", "lng": "-180.0001"}, {"lng": ["Longitude must be from -180 up to 180."]}),
        ({"lat": "inf", "lng": "0"}, {"lat": ["Latitude must be a number."]}),
        ({"lat": "0"}, {"lng": [BOTH_ERROR]}),
        ({"lng": "0"}, {"lat": [BOTH_ERROR]}),
    ],
)
def test_explicit_points_outside_the_globe_are_refused(params, errors):
    assert refused(params) == errors


@given(
    st.floats(min_value=-200, max_value=200, allow_nan=False), st.floats(min_value=-400, max_value=400, allow_nan=False)
)
def test_any_typed_point_is_a_point_exactly_when_on_the_globe(lat, lng):
    near = f"{lat:.4f},{lng:.4f}"
    lat, lng = float(f"{lat:.4f}"), float(f"{lng:.4f}")
    if -90 <= lat <= 90 and -180 <= lng <= 180:
        assert (parse({"near": near}).lat, parse({"near": near}).lng) == (lat, lng)
    elif abs(lat) < 1000 and abs(lng) < 1000:  # three integer digits at most look like coordinates
        assert refused({"near": near}) == {"near": [NEAR_ERROR]}


# --- radius ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "radius"), [("0.001", 0.001), ("1", 1.0), ("500", 500.0), ("5e2", 500.0)])
def test_radii_more_than_zero_up_to_500(raw, radius):
    assert parse({"radius": raw}).radius_km == radius


@pytest.mark.parametrize("raw", ["0", "-0", "-0.001", "500.001", "501"])
def test_radii_outside_are_refused(raw):
    assert refused({"radius": raw}) == {"radius": ["Radius (km) must be more than 0 up to 500."]}


def test_the_default_radius_applies_only_when_none_is_given():
    assert parse({}).effective_radius_km == 25.0
    assert parse({"radius": "3"}).effective_radius_km == 3.0


# --- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "label", "limit"), [("q", "Search text", 200), ("near", "Place", 200), ("gender", "Gender", 60)]
)
def test_text_up_to_its_limit_is_kept_and_one_more_character_is_refused(name, label, limit):
    assert getattr(parse({name: "a" * limit}), {"q": "text"}.get(name, name)) == "a" * limit
    assert refused({name: "a" * (limit + 1)}) == {
        name: [f"{label} is too long ({limit + 1} characters): at most {limit}, please."]
    }


def test_whitespace_does_not_count_against_the_limit_until_it_is_huge():
    # Runs of spaces collapse before the length is checked, but a value over four times the limit
    # is refused before any work is done on it.
    spaced = "a" + " " * 798 + "b"
    assert len(spaced) == 800
    assert parse({"q": spaced}).text == "a b"
    assert refused({"q": spaced + " "}) == {"q": ["Search text is too long: at most 200 characters, please."]}


@pytest.mark.parametrize(
    ("character", "category"),
    [
        ("\x00", "Cc"),
        ("\x1b", "Cc"),
        ("\x7f", "Cc"),
        ("\u202e", "Cf"),  # right-to-left override: makes "fdp.exe" read "exe.pdf"
        ("\u200b", "Cf"),  # zero-width space: two words that look like one
        ("\u2066", "Cf"),  # left-to-right isolate
        ("\ufeff", "Cf"),  # byte-order mark
        ("\ue000", "Co"),  # private use
        ("\ud800", "Cs"),  # a lone surrogate
    ],
)
@pytest.mark.parametrize(("name", "label"), [("q", "Search text"), ("near", "Place"), ("gender", "Gender")])
def test_invisible_and_control_characters_are_refused(character, category, name, label):
    assert unicodedata.category(character) == category
    assert refused({name: f"back{character}pain"}) == {
        name: [f"{label} contains control characters; please type plain text."]
    }


@pytest.mark.parametrize("text", ["Ciática lombar", "坐骨神经痛", "عرق النسا", "ишиас", "Zoë's back—pain"])
def test_letters_and_punctuation_of_every_script_are_plain_text(text):
    assert parse({"q": text}).text == text


# --- slugs -----------------------------------------------------------------------------------


def test_a_slug_of_100_characters_is_kept_and_101_is_refused():
    assert parse({"condition": "a" * 100}).conditions == ("a" * 100,)
    assert parse({"technique": "b" * 100}).techniques == ("b" * 100,)
    assert refused({"condition": "a" * 101}) == {"condition": [f"“{'a' * 40}” is not a valid condition name."]}
    assert refused({"technique": "b" * 101}) == {"technique": [f"“{'b' * 40}” is not a valid technique name."]}


def test_twenty_distinct_slugs_are_kept_and_a_twenty_first_is_refused():
    twenty = [f"c{i}" for i in range(20)]
    assert parse({"condition": twenty + ["C0", " c1 "]}).conditions == tuple(twenty)  # repeats count once
    assert refused({"condition": [*twenty, "c20"]}) == {"condition": ["Choose at most 20 conditions."]}
    assert refused({"technique": [*twenty, "c20"]}) == {"technique": ["Choose at most 20 techniques."]}


@pytest.mark.parametrize("slug", ["sciatica", "low-back-pain", "under_score", "L5-S1", "9"])
def test_slug_characters_are_letters_digits_dashes_and_underscores(slug):
    assert parse({"condition": slug}).conditions == (slug.lower(),)


@pytest.mark.parametrize("slug", ["back pain", "a/b", "ciática", "a.b", "<b>"])
def test_other_characters_make_a_slug_invalid(slug):
    assert refused({"condition": slug}) == {"condition": [f"“{slug}” is not a valid condition name."]}


@given(st.text(alphabet="ab-_9 /.é", min_size=1, max_size=130))
def test_any_slug_is_accepted_exactly_when_short_and_plain(raw):
    value = raw.strip().lower()
    if not value:
        assert parse({"condition": raw}).conditions == ()
    elif len(value) <= 100 and all(ch in "ab-_9" for ch in value):
        assert parse({"condition": raw}).conditions == (value,)
    else:
        assert refused({"condition": raw}) == {"condition": [f"“{value[:40]}” is not a valid condition name."]}


# --- language, sort, on/off filters -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [("pt", "pt"), ("FIL", "fil"), ("pt-BR", "pt-br"), ("zh_Hant", "zh_hant"), ("de-1996abcd", "de-1996abcd")],
)
def test_language_codes(raw, code):
    assert parse({"language": raw}).language == code


@pytest.mark.parametrize("raw", ["p", "port", "pt-", "pt-B", "pt-123456789", "p1", "pt BR"])
def test_not_language_codes(raw):
    assert refused({"language": raw}) == {"language": ["Choose a language from the list."]}


@pytest.mark.parametrize(("raw", "sort"), [("", "relevance"), ("NAME", "name"), (" distance ", "distance")])
def test_sorts(raw, sort):
    assert parse({"sort": raw}).sort == sort


def test_an_unknown_sort_names_the_choices():
    assert refused({"sort": "rating"}) == {"sort": ["Sort by one of: relevance, distance, name."]}


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "on", "yes", " Yes "])
def test_filters_turn_on(raw):
    assert parse({"accepting": raw, "unrestricted": raw}).active_filters == ["accepting", "unrestricted"]


@pytest.mark.parametrize("raw", ["", "0", "false", "off", "no", "NO"])
def test_filters_stay_off(raw):
    assert parse({"wheelchair": raw}).active_filters == []


@pytest.mark.parametrize("raw", ["2", "y", "maybe", "-1"])
def test_other_filter_values_are_refused(raw):
    assert refused({"home_visits": raw}) == {"home_visits": ["Use 1 to turn this filter on, or leave it out."]}


# --- the whole query -------------------------------------------------------------------------


def test_errors_for_several_fields_come_together_in_one_message():
    with pytest.raises(QueryError) as caught:
        parse({"page": "501", "max_fee": "100000.01"})
    assert caught.value.errors == {"max_fee": [FEE_ERROR], "page": [PAGE_ERROR]}
    assert str(caught.value) == f"max_fee: {FEE_ERROR}; page: {PAGE_ERROR}"


def test_a_query_at_every_bound_round_trips_through_its_url():
    query = parse(
        {
            "q": "a" * 200,
            "lat": "-90",
            "lng": "180",
            "radius": "500",
            "condition": "a" * 100,
            "max_fee": "100000",
            "page": "500",
            "sort": "name",
            "unrestricted": "1",
        }
    )
    assert query.to_params() == [
        ("q", "a" * 200),
        ("lat", "-90"),
        ("lng", "180"),
        ("radius", "500"),
        ("condition", "a" * 100),
        ("unrestricted", "1"),
        ("max_fee", "100000"),
        ("sort", "name"),
        ("page", "500"),
    ]
    assert parse(query.to_querystring()) == query


def test_defaults_are_left_out_of_the_url():
    assert DirectoryQuery().to_params() == []
    assert DirectoryQuery(radius_km=0.5, lat=1.5, lng=-2.0).to_params() == [
        ("lat", "1.5"),
        ("lng", "-2"),
        ("radius", "0.5"),
    ]


def test_an_empty_query_asks_for_nothing():
    assert DirectoryQuery().is_empty
    assert not DirectoryQuery(near="Leeds").is_empty
    assert not DirectoryQuery(lat=0.0, lng=0.0).is_empty
    assert not DirectoryQuery(max_fee=Decimal("0")).is_empty
    assert DirectoryQuery(lat=0.0).is_empty  # half a point is no place


def test_dropping_each_filter():
    query = DirectoryQuery(conditions=("sciatica",), max_fee=Decimal("50"), unrestricted=True, gender="female", page=3)
    assert query.without_filter("conditions") == DirectoryQuery(
        max_fee=Decimal("50"), unrestricted=True, gender="female"
    )
    assert query.without_filter("max_fee").max_fee is None
    assert DirectoryQuery(techniques=("deep-tissue",), conditions=("sciatica",)).without_filter("techniques") == (
        DirectoryQuery(conditions=("sciatica",))
    )
    assert query.without_filter("unrestricted").unrestricted is False
    assert query.without_filter("gender").gender == ""
    assert query.replace(page=4).page == 4


def test_the_last_of_repeated_single_values_counts():
    assert parse("sort=name&sort=distance&page=2&page=3").sort == "distance"
    assert parse({"sort": ["name", "distance"], "page": ("2", "3")}).page == 3


def test_any_mapping_of_plain_values_is_read():
    # Callers other than a view (an API, a management command) pass numbers and single strings.
    query = DirectoryQuery.from_params({"page": 3, "radius": 5, "condition": "sciatica", "technique": ("deep-tissue",)})
    assert (query.page, query.radius_km, query.conditions, query.techniques) == (
        3,
        5.0,
        ("sciatica",),
        ("deep-tissue",),
    )


def test_fees_are_written_without_trailing_zeros():
    assert DirectoryQuery(max_fee=Decimal("50.00")).to_params() == [("max_fee", "50")]
    assert DirectoryQuery(max_fee=Decimal("1E+2")).to_params() == [("max_fee", "100")]
