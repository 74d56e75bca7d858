"""A therapist keeps their profile in the portal, in a real browser: sign in, edit, fix a mistake,
save a draft, submit it for review — every form accessible (axe WCAG 2.2 AA)."""

import pytest
from wagtail.models import WorkflowState

from directory.models import TherapistPage
from tests.browser.accessibility import assert_accessible, assert_no_horizontal_scroll
from tests.portal.conftest import PASSWORD, make_account, make_profile

pytestmark = pytest.mark.browser


@pytest.fixture
def therapist(live_site):
    account = make_account("dana@example.org")
    profile = make_profile(live_site.directory, account, title="Dana Okafor", number="D-1001")
    return account, profile


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/portal/")
    page.wait_for_url("**/accounts/login/**")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base_url + "/portal/")


def test_a_therapist_edits_saves_and_submits_their_profile(page, console, live_server, therapist):
    account, profile = therapist
    sign_in(page, live_server.url, account.email)
    assert_accessible(page)

    page.get_by_role("link", name="Edit your profile").click()
    assert_accessible(page)
    page.get_by_label("Designation").fill("RMT, CAT(C)")
    page.get_by_label("Online booking link").fill("not a link at all")
    page.get_by_role("button", name="Save draft").click()

    # The mistake is explained, everything typed is kept, and the error state is accessible too.
    page.get_by_role("alert").filter(has_text="not saved yet").wait_for()
    assert page.get_by_label("Designation").input_value() == "RMT, CAT(C)"
    assert_accessible(page)

    page.get_by_label("Online booking link").fill("https://booking.example.org/dana")
    page.get_by_role("button", name="Save and submit for review").click()
    page.wait_for_url(live_server.url + "/portal/**")
    assert_accessible(page)

    page_now = TherapistPage.objects.get(pk=profile.pk)
    assert page_now.get_latest_revision_as_object().designation == "RMT, CAT(C)"
    review = WorkflowState.objects.for_instance(page_now).get()
    assert review.status == WorkflowState.STATUS_IN_PROGRESS
    assert review.requested_by == account
    # Nothing public changed: an editor has to approve it first.
    assert TherapistPage.objects.get(pk=profile.pk).designation == "RMT"
    assert console.csp_violations == []
    assert console.errors == []


def test_the_portal_form_reflows_at_320px(page, live_server, therapist):
    account, _ = therapist
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, live_server.url, account.email)
    page.goto(live_server.url + "/portal/profile/")
    assert_no_horizontal_scroll(page)


def input_tops_by_row(page) -> list[set[int]]:
    """For each row of fields side by side, the distinct tops of its inputs (one when they line up)."""
    return [
        set(tops)
        for tops in page.evaluate(
            """() => [...document.querySelectorAll('.field-row')].map(row =>
                [...row.querySelectorAll('input:not([type=hidden]), select')].map(
                    field => Math.round(field.getBoundingClientRect().top)))"""
        )
    ]


def test_fields_side_by_side_line_up_on_a_desktop_even_with_an_error(page, console, live_server, therapist):
    account, _ = therapist
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, account.email)
    page.goto(live_server.url + "/portal/profile/")
    # Fees (two with help text, the currency without) and the clinic's city and region (help text on one).
    rows = input_tops_by_row(page)
    assert len(rows) >= 3 and all(len(tops) == 1 for tops in rows), rows
    page.locator("#id_clinics-0-city").fill("")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("alert").filter(has_text="not saved yet").wait_for()
    # The alert is in the HTML before the stylesheets and scripts of its page have loaded: measure after.
    page.wait_for_load_state("load")
    assert page.locator(".field--error #id_clinics-0-city").count() == 1
    rows = input_tops_by_row(page)
    assert all(len(tops) == 1 for tops in rows), rows
    assert console.errors == []
