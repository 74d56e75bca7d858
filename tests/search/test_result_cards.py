"""One therapist card: the directory's pages and the search results draw a therapist the same way,
from one template (directory/includes/therapist_card.html) and one shape (directory.cards)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from demo.portraits import create_portrait_image
from directory.cards import TherapistCard
from directory.models import RegistrationRestriction, TherapistPage
from search.backends import get_backend
from tests.contract.dataset import build_directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(site_tree, settings):
    settings.PAGE_CACHE_ENABLED = False
    built = build_directory(site_tree)
    get_backend().rebuild()
    return built


def card(html: str, title: str) -> str:
    """The one card whose name is ``title``, from its <li> to its end."""
    name = html.index(f">{title}</a>")
    start = html.rindex('<li class="therapist-card"', 0, name)
    return html[start : html.index("</li>", name) + len("</li>")]


def without_reasons(card_html: str) -> str:
    """A card without its last line: why it matched (search) or what the therapist treats (lists)."""
    return re.sub(
        r"\s+", " ", card_html.split('<p class="matched-terms"')[0].split('<p class="therapist-card__terms"')[0]
    )


def test_the_directory_index_and_the_search_show_the_same_card(client, directory, site_tree):
    index = client.get(site_tree.directory.url).content.decode()
    results = client.get(f"{reverse('directory_search')}?sort=name").content.decode()
    for title in ("Ana Silva", "Isaac Brown", "Kenji Sato", "Bruno Costa"):
        assert without_reasons(card(index, title)) == without_reasons(card(results, title)), title
    # Each card states the same facts wherever it is shown: availability with its date, restrictions.
    assert "Accepting new clients — confirmed today" in card(index, "Ana Silva")
    assert "Availability not confirmed recently" in card(index, "Isaac Brown")
    assert "Not taking new clients" in card(index, "Bruno Costa")
    assert "Restrictions on practice" in card(index, "Kenji Sato")


def test_an_alert_shows_on_the_directory_index_as_in_search(client, directory, site_tree):
    isaac = TherapistPage.objects.get(title="Isaac Brown")
    assert "Regulator alert" not in card(client.get(site_tree.directory.url).content.decode(), "Isaac Brown")
    RegistrationRestriction.objects.create(
        registration=isaac.registration, kind="alert", text="Under investigation.", starts_on=timezone.localdate()
    )
    assert "Regulator alert" in card(client.get(site_tree.directory.url).content.decode(), "Isaac Brown")


def test_a_therapist_without_a_photo_shows_their_initials_not_an_empty_circle(client, directory, site_tree):
    TherapistPage.objects.filter(title="Ana Silva").update(photo=None)
    for url in (site_tree.directory.url, f"{reverse('directory_search')}?q=ana"):
        ana = card(client.get(url).content.decode(), "Ana Silva")
        assert re.search(
            r'<span class="therapist-card__img therapist-card__img--initials" aria-hidden="true">AS</span>', ana
        )
        assert "<img" not in ana


@pytest.mark.parametrize(
    ("title", "initials"),
    [
        ("Ana Ivanova", "AI"),
        ("Madonna", "M"),
        ("Jean-Luc Picard", "JP"),
        ("Maria de la Cruz Ortega", "MO"),
        ("élodie durand", "ÉD"),
        ("  Ana   Ivanova  ", "AI"),
        ("(Sam) Lee", "L"),
        ("123", "?"),
    ],
)
def test_initials_are_the_first_and_last_names_first_letters(title, initials):
    assert TherapistCard(id=1, title=title).initials == initials


def test_search_cards_are_kept_until_what_they_show_changes(client, directory):
    TherapistPage.objects.filter(title="Ana Silva").update(photo=create_portrait_image(seed="ana", title="Ana"))
    url = f"{reverse('directory_search')}?q=sciatica&near=Toronto&radius=100"
    first = card(client.get(url).content.decode(), "Ana Silva")
    assert "<picture>" in first and "km away" in first
    # Kept: the same search again renders no card, so it asks for no photo.
    with CaptureQueriesContext(connection) as queries:
        again = card(client.get(url).content.decode(), "Ana Silva")
    assert again == first
    assert not [q for q in queries.captured_queries if "wagtailimages" in q["sql"]]
    # Keyed by what the search adds: from elsewhere the same therapist is another distance away.
    farther = card(client.get(url.replace("Toronto", "Hamilton")).content.decode(), "Ana Silva")
    assert re.search(r"[\d.]+ km away", farther)[0] != re.search(r"[\d.]+ km away", first)[0]
    # And not past a change: the published designation shows at once.
    ana = TherapistPage.objects.get(title="Ana Silva")
    ana.designation = "RMT, Kinesiologist"
    ana.save_revision().publish()
    assert "RMT, Kinesiologist" in card(client.get(url).content.decode(), "Ana Silva")
