"""The therapist's long profile form in a real browser, on a phone (390 px) and a desktop (1280 px): the
save button is always in reach, the list of sections takes you to each, a keyboard user's focus is
never hidden behind the save bar, and a save with mistakes focuses the summary and flags the sections.

The demo therapist's profile (two clinics, a photo, a bio, 20 languages to choose from) is the form as
therapists meet it. Its page height is printed (run with -s to see it next to the other output).
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from directory.models import TherapistPage
from tests.browser.accessibility import assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])


@pytest.fixture
def demo_therapist(live_site):
    from django.contrib.auth import get_user_model

    from demo import portal as portal_demo
    from demo import therapists

    therapists.load(count=12)
    portal_demo.load()
    account = get_user_model().objects.get(username="therapist")
    return account, TherapistPage.objects.get(owner=account)


def sign_in_and_open_the_form(page, base_url: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill("therapist@relieve.example")
    page.get_by_label("Password").fill("relieve-therapist")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base_url + "/portal/")
    page.goto(base_url + "/portal/profile/")


def rect(page, selector: str) -> dict:
    return page.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }",
        selector,
    )


def assert_save_button_in_reach(page) -> None:
    """Save draft is inside the window, and nothing covers it (it is what a tap there reaches)."""
    height = page.viewport_size["height"]
    button = rect(page, ".save-bar button[name=save]")
    assert button["top"] >= 0 and button["bottom"] <= height, f"Save draft at {button}, window {height}px high"
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('button')?.name ?? null",
        [(button["left"] + button["right"]) / 2, (button["top"] + button["bottom"]) / 2],
    )
    assert on_top == "save"


def assert_focus_clear_of_the_save_bar(page) -> None:
    """The focused element shows above the save bar: wholly, or for a tall one (the bio) at least its
    first lines, where the cursor is. Browsers scroll a focused element clear of the bar because the
    page reserves the bar's height (scroll-padding-bottom)."""
    if page.evaluate("!!document.activeElement.closest('.save-bar')"):
        return
    focused = rect(page, ":focus")
    bar_top = rect(page, ".save-bar")["top"]
    seen = min(focused["bottom"] - focused["top"], 48)
    assert focused["top"] >= 0 and focused["top"] + seen <= bar_top + 1, (
        f"{page.evaluate('document.activeElement.outerHTML.slice(0, 120)')} at {focused}, "
        f"behind the save bar at {bar_top}"
    )


@VIEWPORTS
def test_the_save_button_stays_in_reach_and_the_sections_list_leads_to_each(
    page, console, live_server, demo_therapist, viewport, capsys
):
    page.set_viewport_size(viewport)
    sign_in_and_open_the_form(page, live_server.url)
    height = page.evaluate("document.documentElement.scrollHeight")
    with capsys.disabled():
        print(f"\nprofile form page height at {viewport['width']} px: {height} px")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    # At the top, halfway down and at the very bottom of the long page, Save draft is on screen.
    for position in (0, height // 2, height):
        page.evaluate("y => window.scrollTo(0, y)", position)
        assert_save_button_in_reach(page)

    # Each entry of the list of sections moves there.
    page.evaluate("window.scrollTo(0, 0)")
    sections = page.locator("nav.form-sections")
    for title, anchor in (("Fees", "fees"), ("Clinics and hours", "clinics"), ("Contact and booking", "contact")):
        if viewport is PHONE:
            page.evaluate("window.scrollTo(0, 0)")  # on a phone the list is at the top, not beside the form
        sections.get_by_role("link", name=title, exact=True).click()
        page.wait_for_url(f"**#{anchor}")
        heading = rect(page, f"#{anchor} > h2")
        assert heading["top"] >= 0 and heading["top"] < viewport["height"] / 3, f"{title} heading at {heading}"
        if viewport is DESKTOP and anchor != "contact":
            # Beside the form, the list stays in view however far down the form one is (until its end).
            assert rect(page, "nav.form-sections")["top"] >= 0

    # Tabbing through the form never leaves the focused field behind the save bar.
    page.evaluate("window.scrollTo(0, 0)")
    page.get_by_label("Your name").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        assert_focus_clear_of_the_save_bar(page)
    assert console.errors == [] and console.csp_violations == []


@VIEWPORTS
def test_mistakes_focus_the_summary_and_flag_their_sections(page, live_server, demo_therapist, viewport):
    account, profile = demo_therapist
    live_fee = profile.fee_max
    page.set_viewport_size(viewport)
    sign_in_and_open_the_form(page, live_server.url)
    sections = page.locator("nav.form-sections")
    sections.get_by_role("link", name="Fees", exact=True).click()
    page.wait_for_url("**#fees")
    page.get_by_label("Lowest fee").fill("120")
    page.get_by_label("Highest fee").fill("80")
    page.fill('[name="clinics-0-city"]', "")
    page.get_by_role("button", name="Save draft").click()

    summary = page.get_by_role("alert").filter(has_text="Your changes are not saved yet")
    summary.wait_for()
    # The summary is in the HTML; the deferred site.js moves focus to it a moment later.
    expect(page.locator("#error-summary")).to_be_focused()
    assert urlsplit(page.url).fragment == ""  # the answer opens at its top, not at the section it was sent from
    assert summary.get_by_role("link", name="The highest fee cannot be lower than the lowest fee.").is_visible()
    assert sections.locator(".form-sections__progress").inner_text() == "2 sections to correct"
    flagged = sections.locator(".form-sections__item--error").all_inner_texts()
    assert [" ".join(text.split()) for text in flagged] == [
        "Clinics and hours 1 problem in Clinics and hours",  # "in …": for screen readers, visually hidden
        "Fees 1 problem in Fees",
    ]
    assert_accessible(page)

    # The flag in the list of sections takes the cursor to the field to correct, in view.
    sections.get_by_role("link", name="1 problem in Fees").click()
    assert page.evaluate("document.activeElement.id") == "id_fee_max"
    assert_focus_clear_of_the_save_bar(page)

    page.get_by_label("Highest fee").fill("150")
    page.fill('[name="clinics-0-city"]', "Toronto")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your changes are saved as a draft")).to_be_in_viewport()
    assert page.locator(".form-sections__item--error").count() == 0
    saved = TherapistPage.objects.get(pk=profile.pk)
    assert saved.get_latest_revision_as_object().fee_max == 150
    assert saved.fee_max == live_fee  # a draft for an editor to review, not published


def test_without_javascript_the_sticky_save_bar_posts_the_whole_form(browser, live_server, demo_therapist):
    account, profile = demo_therapist
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="en-GB")
    page = context.new_page()
    try:
        sign_in_and_open_the_form(page, live_server.url)
        page.get_by_label("Designation").fill("RMT, MLD")
        page.locator("nav.form-sections").get_by_role("link", name="Languages and availability").click()
        page.wait_for_url("**#languages-availability")
        assert_save_button_in_reach(page)
        page.get_by_role("button", name="Save draft").click()
        # Saved, and the page says so where one looks: at its top, not back at the section.
        expect(page.get_by_text("Your changes are saved as a draft")).to_be_in_viewport()
        draft = TherapistPage.objects.get(pk=profile.pk).get_latest_revision_as_object()
        assert draft.designation == "RMT, MLD"
        assert [clinic.city for clinic in draft.clinics.all()] == [clinic.city for clinic in profile.clinics.all()]
    finally:
        context.close()
