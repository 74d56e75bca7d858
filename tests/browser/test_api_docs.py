"""The API documentation page in a real browser: Swagger UI loads the live schema, from our own
static files, under the site's strict Content Security Policy."""

import pytest

from tests.browser.accessibility import format_violations, run_axe

pytestmark = pytest.mark.browser


def test_api_docs_render_the_live_schema_without_csp_violations(page, console, live_server, live_site):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.goto(live_server.url + "/api/v1/docs/")
    assert response.status == 200
    page.get_by_text("/api/v1/therapists/", exact=True).first.wait_for()
    assert page.get_by_role("heading", name="Relieve API").first.is_visible()
    assert console.csp_violations == []
    assert console.errors == []
    assert all(url.startswith(live_server.url) for url in requested), "everything from our own origin"
    violations = run_axe(page)
    assert not violations, format_violations(violations)
