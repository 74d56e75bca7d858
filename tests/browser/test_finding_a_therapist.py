"""Finding a therapist in a real browser, on a phone (390 px) and a desktop (1280 px): every entry point
asks what and where, with "Use my location"; on a phone the results come before the filters."""

import pytest

from tests.browser.accessibility import assert_accessible, assert_no_horizontal_scroll
from tests.hostile.content import listed_therapist

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TORONTO = {"latitude": 43.6532, "longitude": -79.3832}


@pytest.fixture
def therapists(live_site):
    return [
        # Accepting, so a search filtered on it finds them as asked (nothing relaxed above the results).
        listed_therapist(live_site.directory, name, slug=name.lower().replace(" ", "-"), accepting_new_clients=True)
        for name in ("Dana Okafor", "Lee Martin", "Sam Reyes")
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", ["/", "/therapists/"], ids=["home", "directory"])
def test_entry_points_ask_what_and_where(page, console, live_server, therapists, viewport, path):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + path)
    form = page.get_by_role("search", name="Find a therapist")
    what, where = form.get_by_label("Condition, technique or name"), form.get_by_label("Town, city or postcode")
    assert what.is_visible() and where.is_visible()
    assert form.get_by_role("button", name="Use my location").is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    what.fill("massage")
    where.fill("Toronto")
    form.get_by_role("button", name="Find a therapist").click()
    page.wait_for_url("**/search/therapists/**")
    assert page.get_by_role("link", name="Dana Okafor").is_visible()
    assert console.errors == [] and console.csp_violations == []


def test_use_my_location_from_the_home_page(browser, live_server, therapists):
    context = browser.new_context(geolocation=TORONTO, permissions=["geolocation"], viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.get_by_role("search", name="Find a therapist").get_by_role("button", name="Use my location").click()
        page.wait_for_url("**/search/therapists/**lat=43.65320**")
        assert "within" in page.get_by_role("heading", level=2, name="therapists", exact=False).first.inner_text()
        assert page.get_by_role("link", name="Dana Okafor").is_visible()
    finally:
        context.close()


def test_on_a_phone_the_first_result_is_on_the_first_screen(page, console, live_server, therapists):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/search/therapists/?q=massage&near=Toronto&accepting=1")
    first = page.locator(".therapist-card").first
    assert first.bounding_box()["y"] + 40 < PHONE["height"], "the first result starts below the first screen"
    # The filters wait behind a disclosure that says how many are in force.
    summary = page.locator("summary", has_text="Filters")
    assert summary.inner_text() == "Filters (1)"
    assert page.get_by_label("Accepting new clients").is_hidden()
    summary.click()
    assert page.get_by_label("Accepting new clients").is_checked()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    assert console.errors == [] and console.csp_violations == []


def test_on_a_desktop_the_filters_sit_open_beside_the_results(page, live_server, therapists):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/search/therapists/?q=massage")
    assert page.get_by_label("Accepting new clients").is_visible()
    filters = page.locator("details.search-filters").bounding_box()
    results = page.locator(".therapist-card").first.bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]
    assert results["y"] < DESKTOP["height"]
    # The search fields and the button line up (same top for every input, the button level with them).
    tops = {
        round(box["y"])
        for box in (page.locator(f"#id_{name}").bounding_box() for name in ("q", "near", "radius", "sort"))
    }
    assert len(tops) == 1
    button = page.get_by_role("button", name="Search", exact=True).bounding_box()
    assert abs(button["y"] - tops.pop()) <= 2
