"""Editing one's profile: each save a revision, never a publish; submit → workflow; stale edits refused."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from directory.models import Registration, TherapistPage
from portal.moderation import ProfileState, profile_status

pytestmark = pytest.mark.django_db


def save(client, data, **extra):
    return client.post(reverse("portal:profile_edit"), {**data, **extra})


def test_saving_makes_a_revision_and_leaves_the_live_page_alone(client, therapist_a, profile_a, profile_form_data):
    client.force_login(therapist_a)
    data = profile_form_data()
    revisions_before = profile_a.revisions.count()
    response = save(client, data, title="Ann Archer-Smith", bio_text="New bio with **bold**.")
    assert response.status_code == 302, response.content.decode()[:2000]

    page = TherapistPage.objects.get(pk=profile_a.pk)
    assert page.revisions.count() == revisions_before + 1
    assert page.title == "Ann Archer"  # the live row is untouched
    assert page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    assert draft.title == "Ann Archer-Smith"
    assert draft.bio == "<p>New bio with <b>bold</b>.</p>"
    # The public still sees the approved version.
    client.logout()
    public = client.get(page.url)
    assert public.status_code == 200
    assert b"Ann Archer-Smith" not in public.content
    assert profile_status(page).state == ProfileState.PUBLISHED


def test_a_save_that_leaves_the_bio_alone_keeps_its_html_byte_for_byte(
    client, therapist_a, profile_a, profile_form_data
):
    # Two paragraphs stored without a line between them, as the admin's editor writes them: the
    # textarea round trip would add one, and the editor's comparison would show the bio as changed.
    TherapistPage.objects.filter(pk=profile_a.pk).update(bio="<p>Hands-on care.</p><p>Sciatica &amp; back pain.</p>")
    client.force_login(therapist_a)
    data = profile_form_data()
    assert save(client, data, designation="RMT (Ont.)").status_code == 302
    draft = TherapistPage.objects.get(pk=profile_a.pk).get_latest_revision_as_object()
    assert draft.designation == "RMT (Ont.)"
    assert draft.bio == "<p>Hands-on care.</p><p>Sciatica &amp; back pain.</p>"
    # A real change to the text is still saved, in the form's own HTML.
    assert save(client, profile_form_data(), bio_text="Hands-on care.\n\nSciatica only.").status_code == 302
    draft = TherapistPage.objects.get(pk=profile_a.pk).get_latest_revision_as_object()
    assert draft.bio == "<p>Hands-on care.</p>\n<p>Sciatica only.</p>"


def test_registration_slug_owner_and_live_cannot_be_posted(
    client, therapist_a, therapist_b, profile_a, profile_form_data
):
    client.force_login(therapist_a)
    data = profile_form_data()
    save(client, data, slug="hijack", owner=therapist_b.pk, live="on", number="EVIL", status="verified")
    page = TherapistPage.objects.get(pk=profile_a.pk)
    draft = page.get_latest_revision_as_object()
    assert (draft.slug, draft.owner_id) == (profile_a.slug, therapist_a.pk)
    assert page.registration.number == "A-1001"


def test_clinics_can_be_added_removed_and_reordered(client, therapist_a, profile_a, profile_form_data):
    client.force_login(therapist_a)
    data = profile_form_data()
    # Add a second clinic in the blank form, and put it first.
    data.update(
        {
            "clinics-1-name": "Harbour studio",
            "clinics-1-city": "Halifax",
            "clinics-1-region": "NS",
            "clinics-1-country": "CA",
            "clinics-1-ORDER": "1",
            "clinics-0-ORDER": "2",
        }
    )
    assert save(client, data).status_code == 302
    draft = TherapistPage.objects.get(pk=profile_a.pk).get_latest_revision_as_object()
    assert [clinic.name for clinic in draft.clinics.all()] == ["Harbour studio", "Main clinic"]
    halifax = draft.clinics.all()[0]
    assert halifax.has_location and 44 < halifax.latitude < 45

    data = profile_form_data()
    data["clinics-1-DELETE"] = "on"
    assert save(client, data).status_code == 302
    draft = TherapistPage.objects.get(pk=profile_a.pk).get_latest_revision_as_object()
    assert [clinic.name for clinic in draft.clinics.all()] == ["Harbour studio"]


def test_an_address_we_cannot_place_is_saved_and_reported(client, therapist_a, profile_a, profile_form_data):
    client.force_login(therapist_a)
    data = profile_form_data()
    data.update({"clinics-0-city": "Nowhereville Xq", "clinics-0-postcode": ""})
    response = client.post(reverse("portal:profile_edit"), data, follow=True)
    assert b"couldn&#x27;t place this address" in response.content or b"couldn't place this address" in response.content
    clinic = TherapistPage.objects.get(pk=profile_a.pk).get_latest_revision_as_object().clinics.all()[0]
    assert clinic.latitude is None and clinic.longitude is None


def test_invalid_input_keeps_everything_typed(client, therapist_a, profile_a, profile_form_data):
    client.force_login(therapist_a)
    data = profile_form_data()
    data.update({"title": "Ann Typed", "fee_min": "120", "fee_max": "80", "bio_text": "Kept bio", "website": "nope"})
    revisions = profile_a.revisions.count()
    response = save(client, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The highest fee cannot be lower than the lowest fee." in html
    assert "Enter a valid URL." in html
    assert 'value="Ann Typed"' in html and "Kept bio" in html
    assert profile_a.revisions.count() == revisions


def test_a_stale_form_is_refused_and_keeps_what_was_typed(client, therapist_a, profile_a, profile_form_data, editor):
    client.force_login(therapist_a)
    old_tab = profile_form_data()
    new_tab = profile_form_data()
    assert save(client, new_tab, title="Saved in the other tab").status_code == 302

    response = save(client, old_tab, title="Typed in the old tab")
    assert response.status_code == 409
    html = response.content.decode()
    assert "This profile changed since you opened it" in html
    assert 'value="Typed in the old tab"' in html
    assert reverse("portal:profile_preview") in html
    draft = TherapistPage.objects.get(pk=profile_a.pk).get_latest_revision_as_object()
    assert draft.title == "Saved in the other tab"

    # Saving again after seeing the warning is a deliberate choice, and goes through.
    resubmitted = form_from(response)
    assert save(client, resubmitted).status_code == 302
    assert TherapistPage.objects.get(pk=profile_a.pk).get_latest_revision_as_object().title == "Typed in the old tab"


def test_an_editors_revision_also_makes_the_form_stale(client, therapist_a, profile_a, profile_form_data, editor):
    client.force_login(therapist_a)
    data = profile_form_data()
    page = TherapistPage.objects.get(pk=profile_a.pk)
    page.title = "Fixed by editor"
    page.save_revision(user=editor)
    response = save(client, data, title="Mine")
    assert response.status_code == 409
    assert "an editor" in response.content.decode()


def form_from(response) -> dict:
    """The re-shown (bound) form's data, as the browser would post it again."""
    return {key: values if len(values) > 1 else values[0] for key, values in response.context["form"].data.lists()}


def test_submit_then_editor_approves_publishes_and_emails(
    client, therapist_a, profile_a, profile_form_data, editor, django_capture_on_commit_callbacks
):
    client.force_login(therapist_a)
    save(client, profile_form_data(), title="Ann Approved")
    response = client.post(reverse("portal:profile_submit"))
    assert response.status_code == 302
    page = TherapistPage.objects.get(pk=profile_a.pk)
    assert profile_status(page).state == ProfileState.IN_REVIEW
    # While an editor reviews, the therapist cannot slip in another revision.
    assert client.get(reverse("portal:profile_edit")).status_code == 302

    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.workflow.name == "Profile review"
    task_state = state.current_task_state.specific
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, editor, "approve")
    page.refresh_from_db()
    assert page.live and page.title == "Ann Approved" and not page.has_unpublished_changes
    assert profile_status(page).state == ProfileState.PUBLISHED
    (message,) = [m for m in mail.outbox if m.to == ["ann@example.org"]]
    assert "approved" in message.body


def test_an_editor_is_offered_approve_not_publish_for_a_profile_in_review(
    client, therapist_a, profile_a, profile_form_data, editor
):
    client.force_login(therapist_a)
    save(client, profile_form_data(), title="Ann In Review")
    client.post(reverse("portal:profile_submit"))
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[profile_a.pk])
    html = client.get(edit_url).content.decode()
    # Publishing would cancel the review, and the therapist would never hear the decision.
    assert 'name="action-publish"' not in html
    task_state = WorkflowState.objects.for_instance(profile_a).get().current_task_state
    assert f"/admin/pages/workflow/collect_action_data/{profile_a.pk}/approve/{task_state.pk}/" in html
    response = client.post(edit_url, {"action-publish": "1", "title": "Skipped The Review"}, follow=True)
    assert "This therapist page is in review: it is published when a reviewer approves it" in response.content.decode()
    page = TherapistPage.objects.get(pk=profile_a.pk)
    assert page.title == "Ann Archer" and profile_status(page).state == ProfileState.IN_REVIEW


def test_changes_requested_shows_the_editors_comment_and_resubmits(
    client, therapist_a, profile_a, profile_form_data, editor, django_capture_on_commit_callbacks
):
    client.force_login(therapist_a)
    save(client, profile_form_data(), title="Ann Needs Work")
    client.post(reverse("portal:profile_submit"))
    page = TherapistPage.objects.get(pk=profile_a.pk)
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state.specific
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, editor, "reject", comment="Please add your clinic hours.")

    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "Changes requested" in dashboard
    assert "Please add your clinic hours." in dashboard
    assert "Please add your clinic hours." in [m for m in mail.outbox if m.to == ["ann@example.org"]][-1].body
    assert TherapistPage.objects.get(pk=profile_a.pk).title == "Ann Archer"

    # Editing is open again; submitting resumes the same workflow.
    save(client, profile_form_data(), title="Ann With Hours")
    client.post(reverse("portal:profile_submit"))
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_withdrawing_from_review_publishes_nothing(client, therapist_a, profile_a, profile_form_data):
    client.force_login(therapist_a)
    save(client, profile_form_data(), title="Ann Withdrawn")
    client.post(reverse("portal:profile_submit"))
    client.post(reverse("portal:profile_withdraw"))
    page = TherapistPage.objects.get(pk=profile_a.pk)
    assert profile_status(page).state == ProfileState.PUBLISHED
    assert page.title == "Ann Archer"
    assert client.get(reverse("portal:profile_edit")).status_code == 200


def test_wagtails_admin_emails_do_not_reach_therapists(
    client, therapist_a, profile_a, profile_form_data, editor, django_capture_on_commit_callbacks
):
    client.force_login(therapist_a)
    save(client, profile_form_data(), title="Ann Quiet")
    client.post(reverse("portal:profile_submit"))
    page = TherapistPage.objects.get(pk=profile_a.pk)
    task_state = WorkflowState.objects.for_instance(page).get(status="in_progress").current_task_state.specific
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, editor, "approve")
    to_therapist = [m for m in mail.outbox if "ann@example.org" in m.to]
    assert len(to_therapist) == 1
    assert "/admin/" not in to_therapist[0].body


def test_preview_renders_the_latest_revision_with_the_public_template(
    client, therapist_a, profile_a, profile_form_data
):
    client.force_login(therapist_a)
    save(client, profile_form_data(), title="Ann Previewed")
    response = client.get(reverse("portal:profile_preview"))
    assert response.status_code == 200
    assert "directory/therapist_page.html" in [t.name for t in response.templates]
    assert b"Ann Previewed" in response.content


def test_a_new_draft_can_be_previewed_though_it_is_not_public(client, newcomer, regulator):
    client.force_login(newcomer)
    client.post(
        reverse("portal:create_profile"),
        {"title": "Dana Draft", "regulator": regulator.pk, "registration_number": "D-1"},
    )
    response = client.get(reverse("portal:profile_preview"))
    assert response.status_code == 200
    assert b"Dana Draft" in response.content


def test_saving_while_in_review_is_refused_and_keeps_what_was_typed(client, therapist_a, profile_a, profile_form_data):
    client.force_login(therapist_a)
    data = profile_form_data()  # opened before submitting, e.g. in a second tab
    save(client, profile_form_data(), title="Submitted version")
    client.post(reverse("portal:profile_submit"))
    assert profile_status(TherapistPage.objects.get(pk=profile_a.pk)).state == ProfileState.IN_REVIEW
    revisions = TherapistPage.objects.get(pk=profile_a.pk).revisions.count()
    data["based_on"] = str(TherapistPage.objects.get(pk=profile_a.pk).latest_revision_id)
    response = save(client, data, title="Typed during review")
    assert response.status_code == 409
    html = response.content.decode()
    assert "with an editor right now" in html and 'value="Typed during review"' in html
    assert TherapistPage.objects.get(pk=profile_a.pk).revisions.count() == revisions


def test_submitting_without_changes_starts_no_review(client, therapist_a, profile_a):
    client.force_login(therapist_a)
    response = client.post(reverse("portal:profile_submit"), follow=True)
    assert b"no changes to submit" in response.content
    assert not WorkflowState.objects.for_instance(profile_a).exists()


def test_a_review_that_starts_during_a_save_refuses_the_save(
    client, therapist_a, profile_a, profile_form_data, monkeypatch
):
    # The other tab's "submit" commits after this save's first check but before it writes: the
    # check made under the row lock must see the review, or approval would publish this revision unseen.
    from portal.moderation import submit_for_review
    from portal.views.profile import ProfileEditView

    client.force_login(therapist_a)
    save(client, profile_form_data(), title="Submitted version")
    data = profile_form_data()
    unpatched_save = ProfileEditView.save

    def submitted_from_another_tab_first(view, form):
        submit_for_review(TherapistPage.objects.get(pk=profile_a.pk), therapist_a)
        return unpatched_save(view, form)

    monkeypatch.setattr(ProfileEditView, "save", submitted_from_another_tab_first)
    revisions = TherapistPage.objects.get(pk=profile_a.pk).revisions.count()
    response = save(client, data, title="Typed while it was submitted")
    assert response.status_code == 409
    html = response.content.decode()
    assert "with an editor right now" in html and 'value="Typed while it was submitted"' in html
    page = TherapistPage.objects.get(pk=profile_a.pk)
    assert page.revisions.count() == revisions
    assert page.get_latest_revision_as_object().title == "Submitted version"


def test_a_profile_with_no_revision_yet_saves_unchanged(client, therapist_a, profile_a, profile_form_data):
    # Pages can reach the database without a revision (bulk loads, imports): the form opened on one
    # has nothing to be "based on", and saving it must still work and make the first revision.
    profile_a.revisions.all().delete()
    TherapistPage.objects.filter(pk=profile_a.pk).update(latest_revision=None, live_revision=None)
    client.force_login(therapist_a)
    data = profile_form_data()
    assert data["based_on"] in ("", None)
    response = save(client, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = TherapistPage.objects.get(pk=profile_a.pk)
    assert page.revisions.count() == 1
    assert page.latest_revision_id is not None


def test_a_profile_that_got_its_first_revision_meanwhile_is_stale(client, therapist_a, profile_a, profile_form_data):
    profile_a.revisions.all().delete()
    TherapistPage.objects.filter(pk=profile_a.pk).update(latest_revision=None, live_revision=None)
    client.force_login(therapist_a)
    data = profile_form_data()
    TherapistPage.objects.get(pk=profile_a.pk).save_revision()
    response = save(client, data, title="Typed meanwhile")
    assert response.status_code == 409
    assert TherapistPage.objects.get(pk=profile_a.pk).revisions.count() == 1


def test_approval_before_verification_says_public_once_verified_and_links_no_live_page(
    client, therapist_a, profile_a, profile_form_data, editor, django_capture_on_commit_callbacks
):
    Registration.objects.filter(therapist=profile_a).update(status=Registration.Status.PENDING)
    client.force_login(therapist_a)
    save(client, profile_form_data(), title="Ann Pending")
    client.post(reverse("portal:profile_submit"))
    page = TherapistPage.objects.get(pk=profile_a.pk)
    task_state = WorkflowState.objects.for_instance(page).get(status="in_progress").current_task_state.specific
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, editor, "approve")

    (message,) = [m for m in mail.outbox if m.to == ["ann@example.org"]]
    assert message.subject == "Your Relieve profile is approved"
    assert message.body.startswith("Hello Ann Pending,\n")  # greeted by name, not by account
    assert "now on the public site" not in message.body
    assert "public, in the directory and at its own address, as soon as your registration is verified" in message.body

    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "Approved — public once your registration is verified" in dashboard
    assert "Status: Published" not in dashboard
    assert "View the live page" not in dashboard

    # Once verified, the same profile is listed, and the dashboard says so and links to it.
    Registration.objects.filter(therapist=profile_a).update(status=Registration.Status.VERIFIED)
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "Status: Published" in dashboard and "View the live page" in dashboard
    assert client.get(page.url).status_code == 200


def test_saving_with_accepting_new_clients_ticked_confirms_it(
    client, therapist_a, profile_a, profile_form_data, editor, django_capture_on_commit_callbacks
):
    TherapistPage.objects.filter(pk=profile_a.pk).update(accepting_confirmed_on=None)
    client.force_login(therapist_a)
    data = profile_form_data()
    assert data.get("accepting_new_clients")  # ticked, as a new profile's form shows it
    save(client, data, title="Ann Accepting")
    page = TherapistPage.objects.get(pk=profile_a.pk)
    assert page.availability.is_accepting and page.availability.confirmed_label == "confirmed today"

    client.post(reverse("portal:profile_submit"))
    task_state = WorkflowState.objects.for_instance(page).get(status="in_progress").current_task_state.specific
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, editor, "approve")
    page = TherapistPage.objects.get(pk=profile_a.pk)
    assert page.title == "Ann Accepting" and page.availability.is_accepting


def test_saving_with_accepting_new_clients_unticked_confirms_nothing(client, therapist_a, profile_a, profile_form_data):
    TherapistPage.objects.filter(pk=profile_a.pk).update(accepting_confirmed_on=None)
    client.force_login(therapist_a)
    data = profile_form_data()
    data.pop("accepting_new_clients", None)
    save(client, data)
    assert TherapistPage.objects.get(pk=profile_a.pk).accepting_confirmed_on is None


def test_a_profile_save_with_mistakes_starts_with_a_summary_linking_each_field(
    client, therapist_a, profile_a, profile_form_data
):
    from tests.home.test_error_summary import _summary

    client.force_login(therapist_a)
    data = profile_form_data()
    response = save(client, data, title="", **{"clinics-0-city": ""})
    assert response.status_code == 400
    title, links = _summary(response)
    assert title == "Your changes are not saved yet"
    assert "#id_title" in links.values()
    assert any(text.startswith("Clinic 1 – ") and href == "#id_clinics-0-city" for text, href in links.items())
