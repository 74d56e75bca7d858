"""A form sent with mistakes, in a real browser at 390 px and 1280 px: focus lands on the error summary at the
top of the form, and each of its links puts the cursor in the field to fix."""

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.hostile.content import listed_therapist

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}], ids=["phone", "desktop"]
)
def test_an_empty_contact_form_leads_to_its_errors(page, console, live_server, live_site, viewport):
    therapist = listed_therapist(live_site.directory, "Dana Okafor", slug="dana-okafor")
    page.set_viewport_size(viewport)
    # The form has its own page: the profile is served from the page cache, which holds no CSRF token.
    page.goto(live_server.url + therapist.url + "contact/")
    page.get_by_role("button", name="Send message").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    summary.wait_for()
    # The summary is in the HTML; the deferred site.js moves focus to it a moment later.
    expect(page.locator("#error-summary")).to_be_focused()
    box = summary.bounding_box()
    assert 0 <= box["y"] < viewport["height"], "the summary is not in view"
    assert_accessible(page)

    summary.get_by_role("link", name="Message: This field is required.").click()
    assert page.evaluate("document.activeElement.id") == "id_message"
    page.keyboard.type("Do you treat sciatica?")
    assert page.locator("#id_message").input_value() == "Do you treat sciatica?"
    assert console.errors == [] and console.csp_violations == []
