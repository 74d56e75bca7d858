"""Directory fixtures: a regulator, taxonomy terms, and a builder for therapist profiles."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Condition, Technique
from demo.portraits import create_portrait_image
from directory.models import Language, Regulator, TherapistPage
from tests.factories import TherapistPageFactory


@pytest.fixture
def regulator(db) -> Regulator:
    return Regulator.objects.create(
        name="College of Massage Therapists of Ontario",
        jurisdiction="Ontario, Canada",
        register_url="https://register.example/cmto",
    )


@pytest.fixture
def sciatica(db) -> Condition:
    return Condition.objects.get_or_create(slug="sciatica", defaults={"name": "Sciatica"})[0]


@pytest.fixture
def deep_tissue(db) -> Technique:
    return Technique.objects.get_or_create(slug="deep-tissue", defaults={"name": "Deep tissue massage"})[0]


@pytest.fixture
def portuguese(db) -> Language:
    return Language.objects.get_or_create(code="pt", defaults={"name": "Portuguese"})[0]


@pytest.fixture
def editor(groups):
    user = get_user_model().objects.create_user("ed", email="ed@relieve.example", password="pw")
    user.groups.add(groups["Editors"])
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", email="root@relieve.example", password="pw")


@pytest.fixture
def make_therapist(site_tree, regulator):
    """Build a therapist: published by default, with a verified registration unless told otherwise."""

    def make(
        title="Alex Example",
        *,
        status="verified",
        expires_on=None,
        live=True,
        registered=True,
        clinics=({"city": "Toronto", "region": "Ontario", "country": "CA"},),
        photo=False,
        **fields,
    ) -> TherapistPage:
        if photo:
            fields["photo"] = create_portrait_image(seed=title)
        if registered:
            fields.update(registration__regulator=regulator, registration__status=status)
            fields.update(registration__expires_on=expires_on)
        else:
            fields["registration"] = None
        page = TherapistPageFactory(title=title, clinics=clinics, **fields)
        if not live:
            page.unpublish()
        return TherapistPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def today():
    """The code's notion of today: the local date in the site's time zone."""
    return timezone.localdate()
