"""Fixtures for the portal: accounts in each state, regulators, therapist profiles."""

import itertools

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from directory.models import Regulator, TherapistPage
from tests.factories import RegulatorFactory, TherapistPageFactory

PASSWORD = "a-long-Passphrase-7"
_numbers = itertools.count(1)


def make_account(email: str, *, verified: bool = True, groups: tuple[str, ...] = ("Therapists",)):
    user = get_user_model().objects.create_user(username=email.split("@")[0], email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def make_profile(directory, owner, *, title: str, live: bool = True, status: str = "verified", number=None):
    """A profile the portal account ``owner`` manages, saved through a revision by them."""
    regulator = RegulatorFactory(name="College of Massage Therapists of Ontario")
    registration = {"registration__regulator": regulator, "registration__status": status}
    registration["registration__verified_on"] = None
    # "P…": never the factory's "R<page id>" numbers, which other builders in the same test may use.
    registration["registration__number"] = number or f"P{next(_numbers):05d}"
    page = TherapistPageFactory(
        parent=directory,
        title=title,
        owner=owner,
        designation="RMT",
        bio="<p>Hands-on care for sciatica.</p>",
        contact_email="",
        clinics=[{"name": "Main clinic", "city": "Toronto", "region": "", "latitude": 43.7, "longitude": -79.4}],
        published=live,
        **registration,
    )
    return TherapistPage.objects.get(pk=page.pk)


@pytest.fixture
def regulator(db):
    return Regulator.objects.get_or_create(
        name="College of Massage Therapists of Ontario", defaults={"jurisdiction": "Ontario, Canada"}
    )[0]


@pytest.fixture
def newcomer(groups):
    """A verified therapist account with no profile yet."""
    return make_account("newcomer@example.org")


@pytest.fixture
def unverified(groups):
    return make_account("unverified@example.org", verified=False)


@pytest.fixture
def therapist_a(groups):
    return make_account("ann@example.org")


@pytest.fixture
def therapist_b(groups):
    return make_account("bo@example.org")


@pytest.fixture
def profile_a(site_tree, therapist_a, regulator):
    return make_profile(site_tree.directory, therapist_a, title="Ann Archer", number="A-1001")


@pytest.fixture
def profile_b(site_tree, therapist_b, regulator):
    return make_profile(site_tree.directory, therapist_b, title="Bo Baker", number="B-2002")


@pytest.fixture
def editor(groups):
    user = make_account("editor@example.org", groups=("Editors",))
    return user


@pytest.fixture
def medical_reviewer(groups):
    return make_account("reviewer@example.org", groups=("Medical reviewers",))


def form_post_data(form) -> dict:
    """What a browser would post for this unbound form (and its formsets) left as it was shown."""
    data: dict = {}

    def add(bound_form):
        for field in bound_form:
            value = field.value()
            if value is False or field.widget_type == "clearablefile":
                continue  # unticked boxes and empty file inputs are not sent
            if value is None:
                data[field.html_name] = ""
            elif value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(getattr(item, "pk", item)) for item in value]
            else:
                data[field.html_name] = str(value)

    add(form)
    for formset in getattr(form, "formsets", {}).values():
        add(formset.management_form)
        for child in formset.forms:
            add(child)
    return data


@pytest.fixture
def profile_form_data(client):
    """GET the profile form as the signed-in user; returns a dict ready to change and post back."""
    from django.urls import reverse

    def fetch():
        response = client.get(reverse("portal:profile_edit"))
        assert response.status_code == 200, response
        return form_post_data(response.context["form"])

    return fetch
