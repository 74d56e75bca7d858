"""A profile's practical details stay readable in the side column, on a phone and on a desktop."""

import pytest

from tests.browser.accessibility import assert_accessible
from tests.hostile.content import listed_therapist

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}], ids=["phone", "desktop"]
)
def test_the_fee_reads_in_at_most_two_lines(page, live_server, live_site, viewport):
    therapist = listed_therapist(
        live_site.directory, "Ana Ivanova", slug="ana-ivanova", fee_min=80, fee_max=120, currency="CAD"
    )
    page.set_viewport_size(viewport)
    page.goto(live_server.url + therapist.url)
    fee = page.locator(".facts dt", has_text="Fees").locator("xpath=following-sibling::dd[1]")
    assert fee.inner_text() == "80–120 CAD per 60-minute session"
    line_height = fee.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
    assert fee.bounding_box()["height"] <= 2 * line_height + 1
    assert_accessible(page)
