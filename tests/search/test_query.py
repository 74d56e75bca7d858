"""DirectoryQuery: parsing GET parameters, refusing bad input clearly, and round-tripping URLs."""

from decimal import Decimal

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from search.query import MAX_PAGE, DirectoryQuery, FacetValue, QueryError, sort_facet_values


def parse(querystring: str) -> DirectoryQuery:
    return DirectoryQuery.from_params(QueryDict(querystring))


def errors(querystring: str) -> dict[str, list[str]]:
    with pytest.raises(QueryError) as caught:
        parse(querystring)
    return caught.value.errors


def test_empty_parameters_are_the_default_query():
    assert parse("") == DirectoryQuery()
    assert DirectoryQuery().is_empty


def test_every_parameter_is_read():
    query = parse(
        "q=sciatica&near=Leeds&radius=10&condition=sciatica&condition=low-back-pain&technique=deep-tissue"
        "&language=PT&gender=Female&accepting=1&direct_billing=1&home_visits=1&wheelchair=1&max_fee=80.50"
        "&sort=distance&page=3"
    )
    assert query == DirectoryQuery(
        text="sciatica",
        near="Leeds",
        radius_km=10.0,
        conditions=("sciatica", "low-back-pain"),
        techniques=("deep-tissue",),
        language="pt",
        gender="female",
        accepting=True,
        direct_billing=True,
        home_visits=True,
        wheelchair=True,
        max_fee=Decimal("80.5"),
        sort="distance",
        page=3,
    )
    assert query.active_filters == [
        "conditions",
        "techniques",
        "language",
        "gender",
        "accepting",
        "direct_billing",
        "home_visits",
        "wheelchair",
        "max_fee",
    ]


def test_whitespace_is_collapsed_and_duplicate_slugs_dropped():
    query = parse("q=%20%20sciatic%09nerve%0Apain%20&condition=Sciatica&condition=sciatica")
    assert query.text == "sciatic nerve pain"
    assert query.conditions == ("sciatica",)


def test_coordinates_typed_in_the_place_box_become_a_point():
    query = parse("near=51.5074%2C+-0.1278")
    assert (query.near, query.lat, query.lng) == ("", 51.5074, -0.1278)


@pytest.mark.parametrize(
    ("querystring", "field", "fragment"),
    [
        ("sort=best", "sort", "relevance, distance, name"),
        ("radius=0", "radius", "more than 0"),
        ("radius=-5", "radius", "more than 0"),
        ("radius=501", "radius", "up to 500"),
        ("radius=1e9", "radius", "up to 500"),
        ("radius=nan", "radius", "must be a number"),
        ("radius=ten", "radius", "must be a number"),
        ("lat=91&lng=0", "lat", "-90 up to 90"),
        ("lat=0&lng=-180.5", "lng", "-180 up to 180"),
        ("lat=45", "lng", "both latitude and longitude"),
        ("near=95,10", "near", "latitude (−90 to 90)"),
        ("page=0", "page", f"1 to {MAX_PAGE}"),
        ("page=1000000000", "page", f"1 to {MAX_PAGE}"),
        ("page=-1", "page", "whole number"),
        ("page=2.5", "page", "whole number"),
        ("page=%C2%B2", "page", "whole number"),  # "²" is a digit to str.isdigit(), not to int()
        ("q=" + "a" * 201, "q", "at most 200"),
        ("q=" + "a" * 5000, "q", "at most 200"),
        ("q=sciatica%00", "q", "control characters"),
        ("q=back%07pain", "q", "control characters"),
        ("near=Leeds%1b", "near", "control characters"),
        ("max_fee=-1", "max_fee", "from 0"),
        ("max_fee=abc", "max_fee", "from 0"),
        ("max_fee=Infinity", "max_fee", "from 0"),
        ("accepting=maybe", "accepting", "Use 1"),
        ("language=../../etc", "language", "from the list"),
        ("condition=%3Cscript%3E", "condition", "not a valid condition"),
        ("condition=" + "&condition=".join(f"c{i}" for i in range(21)), "condition", "at most 20"),
    ],
)
def test_bad_input_names_the_field_and_says_what_to_fix(querystring, field, fragment):
    found = errors(querystring)
    assert field in found
    assert fragment in " ".join(found[field])


def test_all_errors_are_reported_at_once():
    found = errors("sort=x&page=0&radius=0")
    assert set(found) == {"sort", "page", "radius"}


def test_replace_goes_back_to_page_one_and_without_filter_drops_one():
    query = parse("q=sciatica&language=pt&accepting=1&page=4")
    assert query.replace(sort="name").page == 1
    assert query.without_filter("language").language == ""
    assert query.without_filter("accepting").accepting is False
    assert query.without_filter("language").accepting is True


# --- round trip: every query is a shareable URL --------------------------------------------------

words = st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=12)
slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
coordinates = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)


@st.composite
def queries(draw) -> DirectoryQuery:
    text = " ".join(draw(st.lists(words, max_size=5)))[:200].strip()
    near = " ".join(draw(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz,", min_size=1), max_size=3)))
    near = " ".join(near.split())
    point = draw(st.booleans())
    fee = draw(st.none() | st.decimals(min_value=0, max_value=10000, places=2))
    return DirectoryQuery(
        text=" ".join(text.split()),
        near=near,
        lat=draw(coordinates) if point else None,
        lng=draw(longitudes) if point else None,
        radius_km=draw(st.none() | st.floats(min_value=0.001, max_value=500, allow_nan=False)),
        conditions=tuple(dict.fromkeys(draw(st.lists(slugs, max_size=4)))),
        techniques=tuple(dict.fromkeys(draw(st.lists(slugs, max_size=4)))),
        language=draw(st.sampled_from(["", "en", "pt", "fr-ca"])),
        gender=draw(st.sampled_from(["", "female", "male", "non-binary"])),
        accepting=draw(st.booleans()),
        direct_billing=draw(st.booleans()),
        home_visits=draw(st.booleans()),
        wheelchair=draw(st.booleans()),
        max_fee=None if fee is None else fee.normalize(),
        sort=draw(st.sampled_from(["relevance", "distance", "name"])),
        page=draw(st.integers(min_value=1, max_value=MAX_PAGE)),
    )


@given(queries())
def test_to_params_round_trips(query):
    querydict = QueryDict(query.to_querystring())
    assert DirectoryQuery.from_params(querydict) == query


@given(st.dictionaries(st.sampled_from(["q", "near", "lat", "lng", "radius", "page", "sort", "max_fee"]), st.text()))
def test_any_input_parses_or_raises_query_error(params):
    try:
        query = DirectoryQuery.from_params(params)
    except QueryError as error:
        assert error.errors and all(error.errors.values())
    else:
        assert DirectoryQuery.from_params(QueryDict(query.to_querystring())) == query


def test_facet_values_are_most_common_first_then_by_label_then_by_value():
    values = [
        FacetValue("b", "beta", 2),
        FacetValue("z", "Alpha", 2),
        FacetValue("y", "alpha", 2),
        FacetValue("c", "gamma", 5),
        FacetValue("a", "aardvark", 1),
    ]
    assert [value.value for value in sort_facet_values(values)] == ["c", "y", "z", "b", "a"]


def test_a_query_errors_text_names_each_parameter_with_its_messages():
    error = QueryError({"page": ["Too far.", "Not a number."], "sort": ["Unknown."]})
    assert str(error) == "page: Too far. Not a number.; sort: Unknown."
    assert error.errors == {"page": ["Too far.", "Not a number."], "sort": ["Unknown."]}


def test_a_querystring_with_changes_is_that_of_the_changed_query_back_on_page_one():
    query = DirectoryQuery(text="neck", page=4)
    assert query.to_querystring() == "q=neck&page=4"
    assert query.to_querystring(sort="distance") == "q=neck&sort=distance"
    assert query.to_querystring(page=2) == "q=neck&page=2"
