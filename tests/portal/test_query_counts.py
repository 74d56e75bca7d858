"""Portal pages cost a fixed number of queries, however many clinics or conditions a profile has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Condition
from directory.models import Clinic, Registration, TherapistPage
from home.content_version import bump_content_version

pytestmark = pytest.mark.django_db


_made = iter(range(10_000))


def grow(page, owner, clinics: int, conditions: int):
    draft = TherapistPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    for n in range(clinics):
        draft.clinics.add(Clinic(name=f"Clinic {n}", city="Toronto", country="CA"))
    new_conditions = [
        Condition.objects.create(name=f"Condition {i}", slug=f"condition-{i}")
        for i in (next(_made) for _ in range(conditions))
    ]
    draft.conditions.add(*new_conditions)
    draft.save_revision(user=owner)


def count(client, url) -> int:
    # Each count from the same start: the site, its settings and menu are kept in the cache while the
    # content version holds, and only some of the changes `grow` makes replace it.
    bump_content_version()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_dashboard_query_count_does_not_grow_with_the_profile(client, therapist_a, profile_a):
    client.force_login(therapist_a)
    url = reverse("portal:dashboard")
    count(client, url)  # warm caches (content types, site root)
    grow(profile_a, therapist_a, clinics=1, conditions=1)
    small = count(client, url)
    grow(profile_a, therapist_a, clinics=6, conditions=8)
    assert count(client, url) == small


def test_profile_form_grows_only_by_wagtails_one_check_per_clinic(client, therapist_a, profile_a):
    # Loading a revision (Wagtail/modelcluster) checks each clinic's page still exists: one
    # query per clinic, at most 10 clinics. Conditions, techniques and languages cost nothing extra.
    client.force_login(therapist_a)
    url = reverse("portal:profile_edit")
    count(client, url)
    grow(profile_a, therapist_a, clinics=1, conditions=1)
    small = count(client, url)
    grow(profile_a, therapist_a, clinics=0, conditions=8)
    assert count(client, url) == small
    grow(profile_a, therapist_a, clinics=6, conditions=0)
    assert count(client, url) == small + 6


def test_dashboard_query_budget(client, therapist_a, profile_a, django_assert_max_num_queries):
    client.force_login(therapist_a)
    client.get(reverse("portal:dashboard"))
    with django_assert_max_num_queries(20):
        client.get(reverse("portal:dashboard"))


def test_profile_form_query_budget(client, therapist_a, profile_a, django_assert_max_num_queries):
    client.force_login(therapist_a)
    client.get(reverse("portal:profile_edit"))
    with django_assert_max_num_queries(30):
        client.get(reverse("portal:profile_edit"))


def registration_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "directory_registration" in q["sql"] or "directory_regulator" in q["sql"]]


def test_dashboard_reads_the_registration_with_its_regulator_in_one_query(client, therapist_a, profile_a):
    client.force_login(therapist_a)
    url = reverse("portal:dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    html = response.content.decode()
    assert "College of Massage Therapists of Ontario no. A-1001" in html
    assert "public once your registration is verified" not in html
    assert len(registration_queries(queries)) == 1


def test_dashboard_without_a_registration_looks_it_up_once(client, therapist_a, profile_a):
    # A listing an editor entered without a registration: not listed, and no second look-up.
    Registration.objects.filter(therapist=profile_a).delete()
    client.force_login(therapist_a)
    url = reverse("portal:dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "public once your registration is verified" in html and "Registration:" not in html
    assert len(registration_queries(queries)) == 1


def test_a_stale_save_reads_the_newer_revision_once(
    client, therapist_a, profile_a, profile_form_data, django_assert_num_queries
):
    client.force_login(therapist_a)
    url = reverse("portal:profile_edit")
    old_tab = profile_form_data()
    assert client.post(url, {**profile_form_data(), "title": "Saved in the other tab"}).status_code == 302
    client.get(url)  # the site, its settings and menu are in the cache from here on
    with django_assert_num_queries(27):
        response = client.post(url, {**old_tab, "title": "Typed in the old tab"})
    assert response.status_code == 409
    assert "you, in another tab or window" in response.content.decode()
    latest = TherapistPage.objects.get(pk=profile_a.pk).latest_revision_id
    assert response.context["form"].data["based_on"] == str(latest)
