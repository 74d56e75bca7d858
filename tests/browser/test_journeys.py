"""The site's journeys end to end, on the demo content, in a real browser: someone with sciatica finds a
therapist near them (on a phone and on a desktop); a therapist changes their profile and sends it for
review; an editor finds it waiting on the admin dashboard and approves it.

They are also the README's screenshots: with RELIEVE_SCREENSHOTS=docs/screenshots (``make screenshots``)
each journey saves the window at the steps worth showing (readme_screenshots.py). Without it, they run
as the tests they are.
"""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import WorkflowState

from directory.models import TherapistPage
from tests.browser.accessibility import assert_accessible
from tests.browser.readme_screenshots import serve_blank_map_tiles, snap
from tests.browser.test_admin import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def demo_site(live_site):
    """The demo directory as ``make run`` loads it (its therapists, their availability and restrictions),
    the demo accounts and the review workflow."""
    from demo import listing_facts, therapists
    from demo import portal as portal_demo
    from search.backends.bitmaps import directory_changed

    therapists.load()
    listing_facts.load()
    portal_demo.load()
    directory_changed()  # bulk inserts send no signals: the search must see them
    return live_site


def new_page(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="en-GB")
    serve_blank_map_tiles(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def search_from_the_home_page(page, base_url: str, what: str, where: str) -> None:
    page.goto(base_url + "/")
    form = page.get_by_role("search", name="Find a therapist")
    form.get_by_label("Condition, technique or name").fill(what)
    form.get_by_label("Town, city or postcode").fill(where)
    form.get_by_role("button", name="Find a therapist").click()
    page.wait_for_url(f"**near={where}**")


def test_someone_with_sciatica_finds_a_therapist_near_them(browser, live_server, demo_site):
    near_toronto = set(
        TherapistPage.objects.listed()
        .filter(clinics__city="Toronto", conditions__slug="sciatica")
        .values_list("title", flat=True)
    )
    assert near_toronto, "the demo has listed therapists in Toronto who treat sciatica"

    for device, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(browser, viewport)
        try:
            search_from_the_home_page(page, live_server.url, "sciatica", "Toronto")
            links = [text.strip() for text in page.get_by_role("link").all_inner_texts()]
            found = [name for name in links if name in near_toronto]  # in the order the results give them
            assert found, f"no Toronto therapist who treats sciatica among the results ({device})"
            assert_accessible(page)
            snap(page, f"search-{device}")
            if device == "desktop":
                page.get_by_role("link", name=found[0], exact=True).first.click()
                heading = page.get_by_role("heading", level=1)
                assert heading.inner_text().startswith(found[0])
                assert page.get_by_text("Sciatica", exact=True).first.is_visible()
                assert_accessible(page)
                snap(page, "profile-desktop")
        finally:
            page.context.close()


def test_a_therapist_sends_a_change_for_review_and_an_editor_approves_it(browser, live_server, demo_site):
    account = get_user_model().objects.get(username="therapist")
    profile = TherapistPage.objects.get(owner=account)
    new_fee = (profile.fee_max or 100) + 5

    # The therapist: their portal, the profile form in sections, a change sent for review.
    page = new_page(browser, DESKTOP)
    try:
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Email").fill(account.email)
        page.get_by_label("Password").fill("relieve-therapist")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(live_server.url + "/portal/")
        page.get_by_role("link", name="Edit your profile").click()
        assert page.locator("nav.form-sections").get_by_role("link", name="Fees").is_visible()
        snap(page, "portal-profile-form")
        page.locator("nav.form-sections").get_by_role("link", name="Fees").click()
        page.get_by_label("Highest fee").fill(str(new_fee))
        page.get_by_role("button", name="Save and submit for review").click()
        # The dashboard (keeping the #fees the form was left at: browsers carry it over a redirect).
        page.wait_for_url(lambda url: urlsplit(url).path == "/portal/")
        assert page.get_by_role("heading", name="Status: In review by an editor").is_visible()
    finally:
        page.context.close()
    assert TherapistPage.objects.get(pk=profile.pk).fee_max == profile.fee_max  # nothing public changed yet

    # The editor: the dashboard says what waits for them; they see what changed, and approve it.
    page = new_page(browser, DESKTOP)
    try:
        log_in(page, live_server.url, "editor", "relieve-editor")
        awaiting = page.locator(
            "section.needs-attention", has=page.get_by_role("heading", name="Profiles awaiting review")
        )
        waiting = awaiting.get_by_role("link", name=profile.title, exact=True)
        assert waiting.is_visible()
        snap(page, "admin-dashboard")
        # What changed, as Wagtail compares the live version with the one sent for review.
        page.goto(f"{live_server.url}/admin/pages/{profile.pk}/revisions/compare/live...latest/")
        change = page.locator("tr, .comparison", has_text="fee").filter(has_text=str(new_fee))
        change.first.wait_for()
        snap(page, "admin-review-changes")
        page.goto(live_server.url + "/admin/")
        waiting.click()
        page.wait_for_url(f"**/admin/pages/{profile.pk}/edit/")
        page.locator("footer").get_by_role("button", name="More actions").click()
        approve = page.locator("footer").get_by_role("button", name="Approve and Publish", exact=True)
        approve.wait_for()
        snap(page, "admin-review")
        approve.click()
        page.wait_for_load_state("networkidle")
    finally:
        page.context.close()

    approved = TherapistPage.objects.get(pk=profile.pk)
    assert approved.fee_max == new_fee
    assert WorkflowState.objects.for_instance(approved).get().status == WorkflowState.STATUS_APPROVED
