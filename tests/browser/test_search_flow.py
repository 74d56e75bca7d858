"""Finding a therapist in a real browser: from the home page's search to a sent message, filters,
keyboard autocomplete, and the same search at 320 px with JavaScript off."""

import pytest
from django.core import mail

from tests.browser.accessibility import assert_accessible, assert_no_horizontal_scroll
from tests.hostile.content import listed_therapist

pytestmark = pytest.mark.browser

TORONTO = {"city": "Toronto", "latitude": 43.6532, "longitude": -79.3832}


@pytest.fixture
def directory(live_site):
    """Four listed therapists: three treat sciatica (two in Toronto, one in Vancouver), one does not."""
    from articles.models import Condition, Technique

    sciatica = Condition.objects.create(
        name="Sciatica", slug="sciatica", synonyms="sciatic nerve pain\nlumbar radiculopathy"
    )
    back_pain = Condition.objects.create(name="Low back pain", slug="low-back-pain")
    deep_tissue = Technique.objects.create(name="Deep tissue massage", slug="deep-tissue")
    listed_therapist(
        live_site.directory,
        "Dana Okafor",
        slug="dana-okafor",
        clinics=({"name": "Queen Street Clinic", **TORONTO},),
        conditions=[sciatica],
        techniques=[deep_tissue],
        accepting_new_clients=True,
    )
    listed_therapist(
        live_site.directory,
        "Lee Chen",
        slug="lee-chen",
        clinics=({"name": "Annex Massage", "city": "Toronto", "latitude": 43.67, "longitude": -79.41},),
        conditions=[sciatica],
        accepting_new_clients=False,
    )
    listed_therapist(
        live_site.directory,
        "Max Coast",
        slug="max-coast",
        clinics=({"name": "Granville Clinic", "city": "Vancouver", "latitude": 49.2827, "longitude": -123.1207},),
        conditions=[sciatica],
    )
    listed_therapist(
        live_site.directory,
        "Pat Lumbar",
        slug="pat-lumbar",
        clinics=({"name": "Yonge Clinic", **TORONTO},),
        conditions=[back_pain],
        bio="<p>Help with low back pain after desk work.</p>",
    )
    return live_site


def result_names(page) -> list[str]:
    return sorted(page.locator(".therapist-card__name a").all_inner_texts())


def test_from_the_home_page_to_a_sent_message(page, console, live_server, directory):
    page.goto(live_server.url + "/")
    # The home page asks what and where, straight into the directory search.
    page.get_by_label("Condition, technique or name").fill("sciatica")
    page.get_by_label("Town, city or postcode").fill("Toronto")
    page.get_by_role("button", name="Find a therapist").click()
    page.wait_for_url("**near=Toronto**")
    assert result_names(page) == ["Dana Okafor", "Lee Chen"]
    assert "of Toronto" in page.get_by_role("heading", level=2, name="therapists").inner_text()
    assert_accessible(page)

    page.get_by_label("Accepting new clients").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**accepting=1**")
    assert result_names(page) == ["Dana Okafor"]

    page.get_by_role("link", name="Dana Okafor").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Dana Okafor")
    page.locator("#contact").get_by_role("link", name="Write to Dana Okafor").click()
    contact = page.locator("#contact")
    contact.get_by_label("Your name").fill("Sam Reader")
    contact.get_by_label("Your e-mail address").fill("sam@example.org")
    contact.get_by_label("Message").fill("Could I book a first session for sciatica?")
    contact.get_by_role("button", name="Send message").click()
    page.get_by_role("status").filter(has_text="your message has been sent").wait_for()
    assert [message.to for message in mail.outbox] == [["therapist@example.org"]]
    assert console.csp_violations == []
    assert console.errors == []


def test_autocomplete_works_with_the_keyboard(page, live_server, directory):
    page.goto(live_server.url + "/search/therapists/")
    box = page.get_by_role("combobox", name="Condition, technique or name")
    box.press_sequentially("sciat", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.get_by_role("option").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"

    box.press("ArrowDown")
    first = listbox.get_by_role("option").first
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert "Sciatica" in first.inner_text()

    box.press("Escape")
    assert listbox.is_hidden()
    assert box.get_attribute("aria-expanded") == "false"

    box.press("End")
    box.press_sequentially("i", delay=30)  # typing again reopens it
    listbox.get_by_role("option").first.wait_for()
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**condition=sciatica**")
    assert result_names(page) == ["Dana Okafor", "Lee Chen", "Max Coast"]


def test_search_and_filters_work_at_320px_without_javascript(browser, live_server, directory):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(live_server.url + "/search/therapists/")
        page.get_by_label("Condition, technique or name").fill("sciatica")
        page.get_by_label("Town, city or postcode").fill("Toronto")
        page.get_by_role("button", name="Search", exact=True).click()
        assert result_names(page) == ["Dana Okafor", "Lee Chen"]
        assert_no_horizontal_scroll(page)
        # On a phone the filters wait behind their disclosure, which opens without JavaScript too.
        assert page.get_by_label("Accepting new clients").is_hidden()
        page.locator("summary", has_text="Filters").click()
        page.get_by_label("Accepting new clients").check()
        page.get_by_role("button", name="Apply filters").click()
        assert result_names(page) == ["Dana Okafor"]
        assert page.locator("summary", has_text="Filters").inner_text() == "Filters (1)"
        assert_no_horizontal_scroll(page)
    finally:
        context.close()


def test_a_search_mistake_is_explained_accessibly(page, live_server, directory):
    page.goto(live_server.url + "/search/therapists/?q=sciatica&radius=-5&max_fee=lots")
    alert = page.get_by_role("alert")
    assert "Please check your search" in alert.inner_text()
    # The summary links to the field to fix, and the page has focus on the summary for screen readers.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert_accessible(page)
