"""The public search pages: directory search (HTML, JSON), site search, autocomplete."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.portraits import create_portrait_image
from search.models import SearchLog
from tests.factories import TherapistPageFactory

pytestmark = pytest.mark.django_db


def search(client, querystring: str = "", name: str = "directory_search"):
    return client.get(f"{reverse(name)}?{querystring}")


def test_urls_follow_the_contract():
    assert reverse("site_search") == "/search/"
    assert reverse("directory_search") == "/search/therapists/"
    assert reverse("directory_search_json") == "/search/therapists.json"
    assert reverse("search_autocomplete") == "/search/autocomplete/"


def test_directory_search_shows_hits_with_distance_and_facets(client, shared_directory):
    response = search(client, "q=sciatic+nerve+pain&near=Toronto&radius=100&sort=distance")
    assert response.status_code == 200
    html = response.content.decode()
    assert "6 therapists within 100 km of Toronto, Ontario, CA" in html
    assert html.count("km away") == 6
    assert html.index("Ana Silva") < html.index("Emma Wilson")  # Toronto before Hamilton
    assert "treats <mark>Sciatica</mark> (you searched “sciatic nerve pain”)" in html  # why this result
    # Facets are checkboxes with counts, and keep the search's own parameters.
    assert 'name="condition" value="sciatica"' in html
    assert "Nora Pending" not in html and "Oscar Expired" not in html


def test_typo_and_synonym_notices_are_shown(client, shared_directory):
    html = search(client, "q=sciatca").content.decode()
    assert "Showing results for “sciatica”." in html


@pytest.mark.parametrize(
    ("querystring", "message"),
    [
        ("sort=sideways", "Sort by one of"),
        ("radius=0&near=Toronto", "Radius (km) must be more than 0"),
        ("lat=95&lng=10", "Latitude must be from -90"),
        ("page=0", "Page must be a whole number"),
        ("page=1000000000", "Page must be a whole number"),
        ("q=" + "x" * 5000, "at most 200"),
        ("q=back%00pain", "control characters"),
        ("near=Qwxyzzy", "couldn’t find “Qwxyzzy”"),
    ],
)
def test_invalid_input_is_a_400_with_a_clear_message(client, shared_directory, querystring, message):
    response = search(client, querystring)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    json_response = search(client, querystring, "directory_search_json")
    assert json_response.status_code == 400
    assert message in str(json_response.json()["errors"])


def test_what_was_typed_is_kept_after_an_error(client, shared_directory):
    html = search(client, "q=deep+tissue&near=Toronto&radius=9999").content.decode()
    assert 'value="deep tissue"' in html
    assert 'value="Toronto"' in html


def test_json_endpoint(client, shared_directory):
    response = search(client, "condition=sciatica&language=pt&sort=name", "directory_search_json")
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 3
    assert [hit["name"] for hit in data["hits"]] == ["Ana Silva", "Bruno Costa", "Lucia Fernandes"]
    assert data["hits"][0]["url"].startswith("http://testserver/")
    assert {"value": "pt", "label": "Portuguese", "count": 3, "selected": True} in data["facets"]["languages"]
    assert data["query"] == {"condition": "sciatica", "language": "pt", "sort": "name"}


def test_a_search_that_finds_no_one_is_relaxed_and_says_how(client, shared_directory):
    html = search(client, "near=Toronto&radius=5&language=fr").content.decode()
    assert "No therapist within 5 km: showing those within 500 km." in html
    assert "1 therapist within 500 km of Toronto" in html
    data = search(client, "q=sciatica+xylophone", "directory_search_json").json()
    assert data["unused_words"] == ["xylophone"]
    assert data["relaxed"] == ["No therapist matched “xylophone”, so we left it out."]
    assert data["total"] > 0


def test_query_count_does_not_grow_with_results_and_pages_keep_the_search(
    client, shared_directory, site_tree, settings
):
    from directory.models import Regulator

    settings.PAGE_CACHE_ENABLED = False  # the cost of rendering a search; a cached answer costs none

    regulator = Regulator.objects.first()
    for number in range(30):  # 5 "alphaword" therapists, 25 "betaword" ones
        word = "alphaword" if number < 5 else "betaword"
        TherapistPageFactory(
            parent=site_tree.directory,
            title=f"Extra Person {number:02d}",
            # Every other card has a photo: its picture's renditions must not cost a query each.
            photo=create_portrait_image(seed=str(number)) if number % 2 else None,
            bio=f"<p>{word}</p>",
            contact_email="",
            clinics=[{"city": "Toronto", "region": "", "latitude": 43.70011, "longitude": -79.4163}],
            published=False,
            registration__regulator=regulator,
            registration__number=f"X{number}",
            registration__verified_on=None,
        )
    querystring = "q={}&near=Toronto&radius=500&sort=distance"
    for word in ("alphaword", "betaword"):  # warm per-process caches and create today's log rows
        search(client, querystring.format(word))
    counts, html = {}, {}
    for word in ("alphaword", "betaword"):
        with CaptureQueriesContext(connection) as queries:
            response = search(client, querystring.format(word))
        assert response.status_code == 200
        html[word] = response.content.decode()
        counts[word] = len(queries)
    assert html["alphaword"].count('class="therapist-card"') == 5
    assert html["betaword"].count('class="therapist-card"') == 20  # 25 matches, 20 per page
    assert counts["alphaword"] == counts["betaword"]
    # Page links keep every parameter of the search.
    assert (
        'href="?q=betaword&amp;near=Toronto&amp;radius=500&amp;sort=distance&amp;page=2" rel="next"' in html["betaword"]
    )
    second = search(client, querystring.format("betaword") + "&page=2").content.decode()
    assert second.count('class="therapist-card"') == 5
    assert 'rel="prev"' in second


def test_site_search_finds_articles_and_therapists_and_logs(client, shared_directory, site_tree):
    from django.utils import timezone
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    from articles.models import ArticlePage, Person

    reviewer = Person.objects.create(name="Dr Ada Example")
    article = ArticlePage(
        title="Living with sciatica",
        summary="What helps, what to avoid.",
        medical_reviewer=reviewer,
        last_reviewed=timezone.localdate(),
    )
    site_tree.articles.add_child(instance=article)
    promoted = site_tree.directory
    SearchPromotion.objects.create(query=Query.get("sciatica"), page=promoted, description="Find a therapist")
    response = search(client, "q=sciatica", "site_search")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Living with sciatica" in html
    assert "Ana Silva" in html
    assert "Find a therapist" in html
    assert Query.get("sciatica").hits == 1
    assert SearchLog.objects.get(query_string="sciatica", kind="site").searches == 1
    search(client, "q=zzzqqq+nothing", "site_search")
    assert SearchLog.objects.get(query_string="zzzqqq nothing").zero_result_searches == 1


def test_site_search_refuses_bad_input_gently(client, db):
    response = search(client, "q=" + "x" * 5000, "site_search")
    assert response.status_code == 400
    assert "at most 200" in response.content.decode()


def test_autocomplete_suggests_terms_therapists_and_places(client, shared_directory):
    data = search(client, "q=sci", "search_autocomplete").json()
    assert {"label": "Sciatica", "kind": "condition"}.items() <= data[0].items()
    assert data[0]["url"] == "/search/therapists/?condition=sciatica"
    names = search(client, "q=gab", "search_autocomplete").json()
    assert any(item["kind"] == "therapist" and item["label"] == "Gabriel Santos" for item in names)
    places = search(client, "q=toron", "search_autocomplete").json()
    assert any(item["kind"] == "place" and item["label"].startswith("Toronto") for item in places)
    zips = search(client, "q=78701", "search_autocomplete").json()
    assert [item["value"] for item in zips if item["kind"] == "place"] == ["78701"]
    assert search(client, "near=78701").status_code == 200
    assert search(client, "q=a", "search_autocomplete").json() == []
    assert search(client, "q=" + "a" * 500, "search_autocomplete").json() == []


def test_zero_result_report_lists_searches(admin_client, shared_directory):
    search(admin_client, "q=zzzqqq")
    response = admin_client.get(reverse("search_outcomes_report"))
    assert response.status_code == 200
    assert "zzzqqq" in response.content.decode()


@pytest.fixture
def fresh_vocabulary():
    """The taxonomy edits a test makes are rolled back; the cached vocabulary must go with them."""
    from search.text import invalidate_vocabulary

    yield
    invalidate_vocabulary()


def test_a_zero_result_search_becomes_a_symptom_in_one_step(admin_client, shared_directory, fresh_vocabulary):
    from articles.models import Condition

    search(admin_client, "q=zzzqqq")
    report = admin_client.get(reverse("search_outcomes_report")).content.decode()
    form_url = f"{reverse('search_add_to_term')}?q=zzzqqq"
    assert form_url in report
    assert 'value="zzzqqq"' in admin_client.get(form_url).content.decode()
    sciatica = Condition.objects.get(slug="sciatica")
    response = admin_client.post(
        reverse("search_add_to_term"), {"text": "zzzqqq", "term": f"condition:{sciatica.pk}", "field": "symptoms"}
    )
    assert response.status_code == 302
    assert Condition.objects.get(slug="sciatica").symptom_list[-1] == "zzzqqq"
    data = search(admin_client, "q=zzzqqq", "directory_search_json").json()
    assert data["relaxed"] == [] and data["total"] > 0
    assert {"kind": "condition", "label": "Sciatica", "via": "zzzqqq"} in data["hits"][0]["why"]
    # Adding it again changes nothing.
    admin_client.post(
        reverse("search_add_to_term"), {"text": "zzzqqq", "term": f"condition:{sciatica.pk}", "field": "symptoms"}
    )
    assert Condition.objects.get(slug="sciatica").symptom_list.count("zzzqqq") == 1
