"""The Wagtail admin in a real browser: it keeps working under the site's Content Security Policy."""

import pytest

pytestmark = pytest.mark.browser


def log_in(page, base_url: str, username: str, password: str) -> None:
    """Log in the way an editor does: through the admin's own login form."""
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base_url + "/admin/")


def test_admin_screens_raise_no_csp_violations(page, console, live_server, live_site):
    log_in(page, live_server.url, "editor", "relieve-editor")
    home = live_site.home
    for path in [
        "/admin/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{home.pk}/edit/",
        "/admin/images/",
        "/admin/images/multiple/add/",
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert console.csp_violations == [], "\n".join(console.csp_violations)
    assert console.errors == [], "\n".join(console.errors)
