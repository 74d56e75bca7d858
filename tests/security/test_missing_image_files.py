"""An image whose file is gone from storage degrades to the placeholder, logged, never a 500.

With a therapist's photo missing from MEDIA_ROOT, their profile answered 500 (SourceImageIOError
from get_rendition); Wagtail's own tags would have shown a broken image instead of the placeholder.
"""

import logging

import pytest
from django.urls import reverse

from demo.portraits import create_portrait_image
from tests.hostile.content import listed_therapist, plain_article

pytestmark = pytest.mark.django_db


def lose_file(image) -> None:
    """The original and every rendition gone, as after a lost volume or a half-restored backup."""
    for rendition in image.renditions.all():
        rendition.file.storage.delete(rendition.file.name)
    image.renditions.all().delete()
    image.file.storage.delete(image.file.name)


@pytest.fixture
def photo_lost(site_tree):
    image = create_portrait_image(seed="lost", title="Lost portrait")
    page = listed_therapist(site_tree.directory, "Liam Roy", photo=image)
    lose_file(image)
    return page


def assert_logged(caplog, image_title="Lost portrait"):
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert any(image_title in record.getMessage() for record in errors), [r.getMessage() for r in errors]


def test_the_profile_shows_the_placeholder(client, photo_lost, caplog):
    response = client.get(photo_lost.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "not-found" not in html
    assert "profile__img" not in html
    assert_logged(caplog)


@pytest.mark.parametrize(
    "path",
    ["/therapists/", "/search/therapists/?q=Liam", "/search/?q=Liam", "/search/therapists.json?q=Liam"],
)
def test_lists_show_the_placeholder(client, photo_lost, path, caplog):
    response = client.get(path)
    assert response.status_code == 200
    assert "not-found" not in response.content.decode()


def test_the_portal_form_shows_no_broken_photo(client, site_tree, groups, caplog):
    from tests.portal.conftest import make_account

    owner = make_account("liam@example.org")
    image = create_portrait_image(seed="lost2", title="Lost portrait")
    listed_therapist(site_tree.directory, "Liam Roy", photo=image, owner=owner)
    lose_file(image)
    client.force_login(owner)
    response = client.get(reverse("portal:profile_edit"))
    assert response.status_code == 200
    assert "not-found" not in response.content.decode()
    assert_logged(caplog)


def test_an_article_with_a_lost_hero_image_and_body_image(client, site_tree, caplog):
    page = plain_article(site_tree.articles)
    image = create_portrait_image(seed="hero", title="Lost portrait")
    page.hero_image = image
    page.body.append(("image", {"image": image, "alt_text": "A figure", "caption": "", "credit": ""}))
    page.save_revision().publish()
    lose_file(image)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "not-found" not in html
    assert "og:image" not in html
    assert_logged(caplog)
