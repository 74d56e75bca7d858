"""Trust in directory search pages, on the database back end and on a real engine process (osmem):
availability dates and stale badges, restriction badges and filter, matched terms highlighted."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.availability import confirm_accepting
from directory.models import RegistrationRestriction, TherapistPage
from search.backends import get_backend
from tests.contract.dataset import build_directory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["database", pytest.param("opensearch", marks=pytest.mark.engine)])
def backend(request):
    if request.param == "opensearch":
        request.getfixturevalue("engine_settings")
    return request.param


@pytest.fixture
def directory(site_tree, backend):
    built = build_directory(site_tree)
    get_backend().rebuild()
    return built


def search(client, querystring: str) -> str:
    response = client.get(f"{reverse('directory_search')}?{querystring}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "reduced mode" not in html  # the engine answered itself, no fallback to the database
    return html


def hit_html(html: str, title: str) -> str:
    start = html.index(f">{title}</a>")
    return html[start : html.index("</li>", start)]


def test_hits_show_confirmation_dates_stale_and_restriction_badges(client, directory):
    html = search(client, "sort=name")
    assert "Accepting new clients — confirmed today" in hit_html(html, "Ana Silva")
    assert "Availability not confirmed recently" in hit_html(html, "Isaac Brown")
    assert "Not taking new clients" in hit_html(html, "Bruno Costa")
    assert "Restrictions on practice" in hit_html(html, "Kenji Sato")
    assert "badge--restricted" not in hit_html(html, "David Chen")  # ended / not yet started
    assert 'name="unrestricted"' in html  # the filter is offered


def test_matched_terms_are_highlighted(client, directory):
    html = search(client, "q=sciatic+nerve+pain+vancouver")
    isaac = hit_html(html, "Isaac Brown")
    assert "Why this result:" in isaac
    assert "treats <mark>Sciatica</mark> (you searched “sciatic nerve pain”)" in isaac
    assert "clinic in <mark>Vancouver</mark>" in isaac


def test_matched_terms_are_escaped(client, directory):
    from articles.models import Condition

    Condition.objects.filter(slug="neck-pain").update(name="<b>Neck</b> pain")
    from search.text import invalidate_vocabulary

    invalidate_vocabulary()
    html = search(client, "condition=neck-pain")
    assert "<mark>&lt;b&gt;Neck&lt;/b&gt; pain</mark>" in html


def test_filters_follow_a_confirmation_and_a_new_restriction(client, directory, django_capture_on_commit_callbacks):
    isaac = TherapistPage.objects.get(title="Isaac Brown")
    assert "Isaac Brown" not in search(client, "accepting=1&condition=sciatica")
    with django_capture_on_commit_callbacks(execute=True):
        confirm_accepting(isaac)
    html = search(client, "accepting=1&condition=sciatica")
    assert "Isaac Brown" in html and "confirmed today" in hit_html(html, "Isaac Brown")

    assert "Isaac Brown" in search(client, "unrestricted=1&q=vancouver")
    with django_capture_on_commit_callbacks(execute=True):
        RegistrationRestriction.objects.create(
            registration=isaac.registration, kind="alert", text="Under investigation.", starts_on=timezone.localdate()
        )
    html = search(client, "q=vancouver")
    assert "Regulator alert" in hit_html(html, "Isaac Brown")
    assert "Isaac Brown" not in search(client, "unrestricted=1&q=vancouver")


def test_staleness_needs_no_reindex(client, directory, set_now):
    # 31 days on, nobody confirmed anything: the same index now leaves everyone out of "accepting".
    assert "Ana Silva" in search(client, "accepting=1")
    set_now(timezone.now() + datetime.timedelta(days=31))
    html = search(client, "accepting=1")
    # Nobody counts as accepting any more: the search says so, then relaxes the filter.
    assert "No therapist matched with “accepting new clients”: showing results without it." in html
    assert "Availability not confirmed recently" in hit_html(search(client, "q=ana"), "Ana Silva")


def test_json_results_carry_the_same_trust_facts(client, directory):
    data = client.get(f"{reverse('directory_search_json')}?q=sciatic+nerve+pain+vancouver").json()
    (isaac,) = data["hits"]
    assert isaac["availability"] == "stale"
    assert isaac["accepting_confirmed_on"] == (timezone.localdate() - datetime.timedelta(days=45)).isoformat()
    assert isaac["why"] == [
        {"kind": "condition", "label": "Sciatica", "via": "sciatic nerve pain"},
        {"kind": "city", "label": "Vancouver", "via": ""},
    ]
    kenji = client.get(f"{reverse('directory_search_json')}?q=kenji").json()["hits"][0]
    assert kenji["restrictions"] == ["condition"] and kenji["availability"] == "accepting"
