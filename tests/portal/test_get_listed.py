"""Getting listed: a draft profile with a pending registration, or a claim an editor decides in the admin."""

import pytest
from django.core import mail
from django.urls import reverse

from directory.models import Registration, TherapistPage
from portal.models import ProfileClaim

pytestmark = pytest.mark.django_db


def create(client, regulator_obj, **overrides):
    data = {"title": "Dana Okafor", "designation": "RMT", "regulator": regulator_obj.pk, "registration_number": "x 123"}
    return client.post(reverse("portal:create_profile"), {**data, **overrides})


def test_create_makes_a_draft_owned_by_the_account_with_a_pending_registration(client, newcomer, regulator, site_tree):
    client.force_login(newcomer)
    response = create(client, regulator)
    assert response.status_code == 302
    assert response.url == reverse("portal:profile_edit")
    page = TherapistPage.objects.get(owner=newcomer)
    assert not page.live
    assert page.get_parent().pk == site_tree.directory.pk
    assert page.latest_revision is not None
    registration = page.registration
    assert (registration.regulator, registration.number, registration.status) == (regulator, "X 123", "pending")
    # Not public: drafts 404 for everyone else.
    client.logout()
    assert client.get(page.url or f"/therapists/{page.slug}/").status_code == 404


def test_one_account_one_profile(client, therapist_a, profile_a, regulator):
    client.force_login(therapist_a)
    response = create(client, regulator, registration_number="NEW-1")
    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard")
    assert TherapistPage.objects.filter(owner=therapist_a).count() == 1
    assert client.get(reverse("portal:claim_profile")).status_code == 302


def test_a_number_already_listed_points_to_claiming(client, newcomer, profile_a, regulator):
    client.force_login(newcomer)
    response = create(client, regulator, registration_number="a-1001")
    assert response.status_code == 200
    assert b"already in the directory" in response.content
    assert b'value="Dana Okafor"' in response.content
    assert not TherapistPage.objects.filter(owner=newcomer).exists()


def test_missing_fields_are_named_and_typed_values_kept(client, newcomer, regulator):
    client.force_login(newcomer)
    response = create(client, regulator, regulator="", title="Dana")
    assert response.status_code == 200
    assert b"This field is required." in response.content
    assert b'value="Dana"' in response.content
    assert b'aria-invalid="true"' in response.content


@pytest.fixture
def unowned_listing(site_tree, editor, regulator):
    """A listing an editor entered in the admin, before its therapist had an account."""
    from tests.portal.conftest import make_profile

    return make_profile(site_tree.directory, editor, title="Cy Carter", number="C-3003")


def test_claim_then_editor_approves_in_the_admin(
    client, newcomer, unowned_listing, regulator, editor, django_capture_on_commit_callbacks
):
    client.force_login(newcomer)
    response = client.post(
        reverse("portal:claim_profile"), {"regulator": regulator.pk, "registration_number": "c-3003", "message": "Me"}
    )
    assert response.status_code == 302
    claim = ProfileClaim.objects.get(user=newcomer)
    assert claim.therapist.pk == unowned_listing.pk and claim.is_pending
    # Until an editor decides, the account owns nothing.
    assert client.get(reverse("portal:profile_edit")).status_code == 302
    assert b"waiting for an editor" in client.get(reverse("portal:dashboard")).content

    client.force_login(editor)
    listing = client.get(reverse("profile_claims:index"))
    assert listing.status_code == 200
    assert b"Cy Carter" in listing.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("profile_claims:edit", args=[claim.pk]),
            {"status": "approved", "decision_note": "Checked the register"},
        )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "approved" and claim.decided_by == editor and claim.decided_at is not None
    assert TherapistPage.objects.get(pk=unowned_listing.pk).owner == newcomer
    assert mail.outbox[-1].to == ["newcomer@example.org"]
    assert "yours" in mail.outbox[-1].body

    client.force_login(newcomer)
    assert client.get(reverse("portal:profile_edit")).status_code == 200


def test_rejected_claim_gives_nothing_and_tells_the_claimant(
    client, newcomer, unowned_listing, regulator, editor, django_capture_on_commit_callbacks
):
    claim = ProfileClaim.objects.create(user=newcomer, therapist=unowned_listing, registration_number="C-3003")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("profile_claims:edit", args=[claim.pk]), {"status": "rejected", "decision_note": "Not on file"}
        )
    claim.refresh_from_db()
    assert claim.status == "rejected"
    assert TherapistPage.objects.get(pk=unowned_listing.pk).owner == editor
    assert "Not on file" in mail.outbox[-1].body
    client.force_login(newcomer)
    assert b"was not approved" in client.get(reverse("portal:dashboard")).content


def test_a_claim_on_a_listing_another_therapist_manages_cannot_be_approved(
    client, newcomer, profile_a, regulator, editor
):
    client.force_login(newcomer)
    response = client.post(
        reverse("portal:claim_profile"), {"regulator": regulator.pk, "registration_number": "A-1001"}
    )
    # The claimant is not told the listing has a manager (that would confirm the number exists)...
    assert response.status_code == 302
    claim = ProfileClaim.objects.get(user=newcomer)
    # ...but the editor cannot hand it over.
    client.force_login(editor)
    response = client.post(reverse("profile_claims:edit", args=[claim.pk]), {"status": "approved"})
    assert response.status_code == 200
    assert b"already belongs to another therapist" in response.content
    assert TherapistPage.objects.get(pk=profile_a.pk).owner == profile_a.owner


def test_editors_open_each_claim_from_the_list(client, newcomer, unowned_listing, regulator, editor):
    claim = ProfileClaim.objects.create(
        user=newcomer, therapist=unowned_listing, regulator=regulator, registration_number="C-3003"
    )
    client.force_login(editor)
    html = client.get(reverse("profile_claims:index")).content.decode()
    edit_url = reverse("profile_claims:edit", args=[claim.pk])
    assert f'href="{edit_url}"' in html
    assert client.get(edit_url).status_code == 200


def test_pending_claims_are_on_the_admin_dashboard(client, newcomer, unowned_listing, regulator, editor):
    pending = ProfileClaim.objects.create(
        user=newcomer, therapist=unowned_listing, regulator=regulator, registration_number="C-3003"
    )
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Profile claims waiting for a decision" in html
    assert f'href="{reverse("profile_claims:edit", args=[pending.pk])}"' in html
    assert "Cy Carter" in html
    # Decided claims leave the dashboard.
    ProfileClaim.objects.filter(pk=pending.pk).update(status="rejected")
    assert "Profile claims waiting" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_claims_panel_is_only_for_people_who_decide_claims(
    client, newcomer, unowned_listing, regulator, medical_reviewer
):
    ProfileClaim.objects.create(user=newcomer, therapist=unowned_listing, regulator=regulator, registration_number="X")
    client.force_login(medical_reviewer)
    assert "Profile claims waiting" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_editors_cannot_approve_a_claim_twice_or_approve_into_a_second_profile(
    client, therapist_a, profile_a, unowned_listing, editor
):
    claim = ProfileClaim.objects.create(user=therapist_a, therapist=unowned_listing, registration_number="C-3003")
    client.force_login(editor)
    response = client.post(reverse("profile_claims:edit", args=[claim.pk]), {"status": "approved"})
    assert response.status_code == 200
    assert b"already has a profile" in response.content
    assert TherapistPage.objects.get(pk=unowned_listing.pk).owner == editor


def test_only_people_who_publish_profiles_see_claims(client, medical_reviewer, newcomer, unowned_listing):
    claim = ProfileClaim.objects.create(user=newcomer, therapist=unowned_listing, registration_number="C-3003")
    client.force_login(medical_reviewer)
    # Wagtail's answer to a missing permission: back to the admin dashboard with a message.
    for response in (
        client.get(reverse("profile_claims:index")),
        client.post(reverse("profile_claims:edit", args=[claim.pk]), {"status": "approved"}),
    ):
        assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    claim.refresh_from_db()
    assert claim.is_pending


def test_registration_created_by_portal_is_not_editable_by_the_profile_form(client, newcomer, regulator):
    client.force_login(newcomer)
    create(client, regulator)
    assert Registration.objects.get().status == "pending"


def test_the_claims_listing_costs_the_same_however_many_claims(client, editor, profile_a, profile_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.portal.conftest import make_account

    def claim(n, listing):
        ProfileClaim.objects.create(
            user=make_account(f"claimant{n}@example.org"), therapist=listing, registration_number="X"
        )

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("profile_claims:index"))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    client.force_login(editor)
    claim(1, profile_a)
    count()  # warm caches
    one, _ = count()
    for n in range(2, 7):
        claim(n, profile_b)
    many, html = count()
    assert "Bo Baker" in html and "claimant6" in html
    assert many == one


def test_the_claim_form_finds_the_listing_with_its_owner(profile_a, regulator, django_assert_num_queries):
    from portal.forms import ClaimForm

    form = ClaimForm(data={"regulator": regulator.pk, "registration_number": "a-1001"})
    assert form.is_valid(), form.errors
    # The claim view asks who manages the listing: no further query for that.
    with django_assert_num_queries(0):
        assert form.cleaned_data["therapist"].owner.email == "ann@example.org"


def test_only_another_therapists_account_manages_a_listing(profile_a, unowned_listing, therapist_a, newcomer):
    from portal.access import managed_by_another_therapist

    assert managed_by_another_therapist(profile_a, newcomer.pk)
    assert not managed_by_another_therapist(profile_a, therapist_a.pk)
    # Entered by an editor in the admin: still there to be claimed.
    assert not managed_by_another_therapist(unowned_listing, newcomer.pk)
    unowned_listing.owner = None
    assert not managed_by_another_therapist(unowned_listing, newcomer.pk)


def test_who_decides_claims_is_found_in_one_query(
    site_tree, editor, medical_reviewer, therapist_a, newcomer, django_assert_num_queries
):
    from django.contrib.auth import get_user_model

    from portal.admin.claims import can_publish_profiles, claim_policy
    from tests.portal.conftest import make_account

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    retired = make_account("retired@example.org", groups=("Editors",))
    retired.is_active = False
    retired.save()
    with django_assert_num_queries(2):
        deciders = set(claim_policy.users_with_permission("change"))
    assert deciders == {editor, admin}
    # The same answer as asking user by user.
    assert deciders == {user for user in get_user_model().objects.all() if can_publish_profiles(user)}
    assert not set(claim_policy.users_with_any_permission(["add", "delete"]))


def test_a_get_listed_form_with_mistakes_starts_with_a_summary_of_them(client, newcomer, regulator):
    from tests.home.test_error_summary import _summary

    client.force_login(newcomer)
    title, links = _summary(create(client, regulator, regulator="", title=""))
    assert title == "Your profile is not created yet"
    assert sorted(links.values()) == ["#id_regulator", "#id_title"]


def test_a_uk_registrant_s_new_profile_defaults_to_pounds_and_uk_clinics(client, newcomer, site_tree):
    from directory.models import Regulator

    hcpc = Regulator.objects.create(name="Complementary Therapists Register", jurisdiction="England, United Kingdom")
    client.force_login(newcomer)
    assert create(client, hcpc, title="Tom Hughes").status_code == 302
    form = client.get(reverse("portal:profile_edit")).context["form"]
    assert form["currency"].value() == "GBP"
    clinics = form.formsets["clinics"]
    assert [clinic["country"].value() for clinic in clinics.forms] == ["GB"]
    assert clinics.empty_form["country"].value() == "GB"  # a clinic added in the page, too
