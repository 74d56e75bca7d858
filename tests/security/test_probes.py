"""The probes of the attack that held, kept so the next change cannot quietly undo them.

Unlisted profiles leak nowhere; a therapist cannot reach another's clinic; ``next=`` never leaves
the site; every state-changing POST needs the CSRF token; uploads are judged by content (see also
tests/portal/test_uploads.py and tests/hostile/test_photo_uploads.py for the rest of the zoo).
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from directory.availability import make_link_token
from directory.models import Clinic
from portal.uploads import clean_photo
from tests.hostile.content import listed_therapist, plain_article
from tests.portal.conftest import PASSWORD, make_profile

pytestmark = pytest.mark.django_db

SECRET_NAME = "Zephyrine Quist"


@pytest.fixture
def unlisted_world(site_tree, editor, regulator):
    """Listed therapists to page through, and one of each kind of unlisted profile, all named alike."""
    plain_article(site_tree.articles)
    for n in range(25):
        listed_therapist(site_tree.directory, f"Listed Person {n}", slug=f"listed-{n}")
    make_profile(site_tree.directory, editor, title=f"{SECRET_NAME} Suspended", status="suspended")
    make_profile(site_tree.directory, editor, title=f"{SECRET_NAME} Pending", status="pending")
    draft = make_profile(site_tree.directory, editor, title=f"{SECRET_NAME} Draft")
    draft.unpublish()
    return site_tree


LEAK_PATHS = [
    "/therapists/",
    "/therapists/?page=2",
    "/therapists/?page=3",
    "/search/?q=Zephyrine",
    "/search/?q=Quist&page=2",
    "/search/therapists/?q=Zephyrine",
    "/search/therapists/?q=Quist",
    "/search/therapists/?page=2",
    "/search/therapists/?sort=name&page=3",
    "/search/therapists.json?q=Zephyrine",
    "/search/therapists.json?page=2",
    "/search/autocomplete/?q=Zeph",
    "/search/autocomplete/?q=Quist",
    "/sitemap.xml",
    "/articles/feed/",
    "/articles/feed/atom/",
]


@pytest.mark.parametrize("path", LEAK_PATHS)
def test_unlisted_profiles_leak_nowhere(client, unlisted_world, path):
    response = client.get(path)
    assert response.status_code in (200, 404), path
    body = response.content.decode()
    # The query itself may be echoed ("Zephyrine" – Search); no unlisted profile's name or address may be.
    for kind in ("Suspended", "Pending", "Draft"):
        assert f"{SECRET_NAME} {kind}" not in body
        assert f"zephyrine-quist-{kind.lower()}" not in body


def test_another_therapists_clinic_id_changes_nothing(client, therapist_a, profile_a, profile_b, profile_form_data):
    theirs = Clinic.objects.get(therapist=profile_b)
    client.force_login(therapist_a)
    data = profile_form_data()
    data["clinics-0-id"] = str(theirs.pk)
    data["clinics-0-name"] = "Hijacked"
    client.post(reverse("portal:profile_edit"), data)
    theirs.refresh_from_db()
    assert (theirs.therapist_id, theirs.name) == (profile_b.pk, "Main clinic")


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "https:evil.example"]
)
def test_sign_in_never_redirects_off_site(client, newcomer, next_url):
    response = client.post(
        reverse("account_login"), {"login": "newcomer@example.org", "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert "evil.example" not in response.url


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_admin_sign_in_never_redirects_off_site(client, editor, next_url):
    response = client.post(
        f"{reverse('wagtailadmin_login')}?next={next_url}",
        {"username": "editor", "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    assert "evil.example" not in response.url


def csrf_checked_posts(therapist_page, stale_page):
    return {
        "contact form": f"{therapist_page.url}contact/",
        "sign in": reverse("account_login"),
        "sign up": reverse("account_signup"),
        "admin sign in": reverse("wagtailadmin_login"),
        "create profile": reverse("portal:create_profile"),
        "claim": reverse("portal:claim_profile"),
        "profile": reverse("portal:profile_edit"),
        "submit": reverse("portal:profile_submit"),
        "withdraw": reverse("portal:profile_withdraw"),
        "confirm accepting": reverse("portal:confirm_accepting"),
        "delete account": reverse("portal:delete_account"),
        "availability link": reverse("availability_confirm", kwargs={"token": make_link_token(stale_page)}),
    }


def test_every_post_needs_the_csrf_token(therapist_a, profile_a, site_tree):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(therapist_a)
    public = listed_therapist(site_tree.directory, "Csrf Target", slug="csrf-target")
    for name, url in csrf_checked_posts(public, profile_a).items():
        response = browser.post(url, {"name": "x", "email": "x@example.org", "message": "x"})
        assert response.status_code == 403, name


def webp_animation() -> bytes:
    frames = [Image.new("RGB", (24, 24), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def test_an_animated_webp_becomes_one_still_image():
    cleaned = clean_photo(SimpleUploadedFile("moving.webp", webp_animation(), content_type="image/webp"))
    with Image.open(io.BytesIO(cleaned.read())) as stored:
        assert stored.format in ("JPEG", "PNG")
        assert getattr(stored, "n_frames", 1) == 1


def test_a_renamed_photo_is_judged_by_its_content():
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (1, 2, 3)).save(buffer, "PNG")
    cleaned = clean_photo(SimpleUploadedFile("really-a-png.jpg", buffer.getvalue(), content_type="image/jpeg"))
    with Image.open(io.BytesIO(cleaned.read())) as stored:
        assert stored.format == "JPEG"
