"""The profile form's clinic helpers in a real browser: live "Found: …" feedback while typing an
address, adding a clinic without saving first, and reordering with buttons (portal.js)."""

import pytest

from directory.models import TherapistPage
from tests.browser.accessibility import assert_accessible
from tests.portal.conftest import PASSWORD, make_account, make_profile

pytestmark = pytest.mark.browser


def test_address_feedback_add_and_reorder_clinics(page, console, live_server, live_site):
    account = make_account("lee@example.org")
    profile = make_profile(live_site.directory, account, title="Lee Park", number="L-1")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/portal/")
    page.goto(live_server.url + "/portal/profile/")

    # Type an address in the blank clinic: the page says where it is, or that it cannot place it.
    page.fill('[name="clinics-1-name"]', "Harbour studio")
    page.fill('[name="clinics-1-city"]', "Halifax")
    status = page.locator("[data-clinic]").nth(1).locator("[data-geocode-status]")
    status.filter(has_text="Found: Halifax").wait_for(timeout=20_000)
    page.fill('[name="clinics-1-city"]', "Qwzx Nowhere")
    status.filter(has_text="We couldn't place this address.").wait_for(timeout=20_000)
    page.fill('[name="clinics-1-city"]', "Halifax")

    # A third clinic without saving, then move the new Halifax clinic to the top.
    page.get_by_role("button", name="Add another clinic").click()
    page.fill('[name="clinics-2-name"]', "Home visits base")
    page.fill('[name="clinics-2-city"]', "Toronto")
    page.locator("[data-clinic]").nth(1).get_by_role("button", name="Move up").click()
    assert_accessible(page)

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(live_server.url + "/portal/profile/")
    draft = TherapistPage.objects.get(pk=profile.pk).get_latest_revision_as_object()
    assert [clinic.name for clinic in draft.clinics.all()] == ["Harbour studio", "Main clinic", "Home visits base"]
    assert console.errors == [] and console.csp_violations == []
