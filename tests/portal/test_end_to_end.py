"""Sign up → verify → create → submit → an editor approves → live, listed and found by directory search;
then a later update goes through the same review before the public sees it."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import WorkflowState

from articles.models import Condition
from directory.models import TherapistPage
from search.query import DirectoryQuery
from search.service import backend_answer
from tests.portal.conftest import PASSWORD, form_post_data

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://testserver(/accounts/[^\s]+)")


@pytest.fixture(params=["database", pytest.param("opensearch", marks=pytest.mark.engine)])
def search_engine(request):
    if request.param == "opensearch":
        request.getfixturevalue("engine_settings")
        call_command("rebuild_directory_index", verbosity=0)
    return request.param


def found(**query) -> set[int]:
    return set(backend_answer(DirectoryQuery(page_size=50, **query)).hit_ids)


def approve_latest(page, editor, capture):
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state.specific
    with capture(execute=True):
        task_state.task.specific.on_action(task_state, editor, "approve")


def test_sign_up_to_published_and_searchable_then_update(
    client, groups, regulator, editor, search_engine, django_capture_on_commit_callbacks
):
    sciatica = Condition.objects.create(name="Sciatica", slug="sciatica")

    # 1. Sign up and confirm the address from the e-mail.
    client.post(reverse("account_signup"), {"email": "dana@example.org", "password1": PASSWORD, "password2": PASSWORD})
    confirm_url = LINK.search(mail.outbox[-1].body).group(1)
    client.post(confirm_url)
    assert client.get(reverse("portal:dashboard")).status_code == 200

    # 2. Create a draft profile with the registration an editor will verify.
    response = client.post(
        reverse("portal:create_profile"),
        {"title": "Dana Okafor", "designation": "RMT", "regulator": regulator.pk, "registration_number": "NS-4821"},
    )
    assert response.url == reverse("portal:profile_edit")
    page = TherapistPage.objects.get(owner__email="dana@example.org")

    # 3. Fill it in: bio, conditions, a clinic.
    data = form_post_data(client.get(reverse("portal:profile_edit")).context["form"])
    data.update(
        {
            "bio_text": "I help people with **sciatica** get moving again.",
            "conditions": [str(sciatica.pk)],
            "clinics-0-name": "Harbour Massage",
            "clinics-0-city": "Halifax",
            "clinics-0-region": "NS",
            "clinics-0-country": "CA",
            "accepting_new_clients": "on",
        }
    )
    assert client.post(reverse("portal:profile_edit"), data).status_code == 302
    assert page.pk not in found(text="Dana Okafor")

    # 4. Submit; an editor verifies the registration and approves the profile in the workflow.
    client.post(reverse("portal:profile_submit"))
    registration = TherapistPage.objects.get(pk=page.pk).registration
    with django_capture_on_commit_callbacks(execute=True):
        registration.change_status("verified", editor, "Checked on the register")
    approve_latest(TherapistPage.objects.get(pk=page.pk), editor, django_capture_on_commit_callbacks)

    # 5. Live, listed, on the public site and found by the directory search.
    page = TherapistPage.objects.get(pk=page.pk)
    assert page.live and page.is_listed
    client.logout()
    public = client.get(page.url)
    assert public.status_code == 200
    assert b"Dana Okafor" in public.content and b"dana@example.org" not in public.content
    assert page.pk in found(text="Dana Okafor")
    assert page.pk in found(conditions=("sciatica",), near="Halifax")
    assert "published" in [m for m in mail.outbox if m.to == ["dana@example.org"]][-1].subject.lower()

    # 6. Later: an update is a draft until approved, then it replaces the live version.
    client.force_login(page.owner)
    data = form_post_data(client.get(reverse("portal:profile_edit")).context["form"])
    data["title"] = "Dana Okafor-Reid"
    assert client.post(reverse("portal:profile_edit"), data).status_code == 302
    assert TherapistPage.objects.get(pk=page.pk).title == "Dana Okafor"
    assert b"Dana Okafor-Reid" not in client.get(page.url).content
    client.post(reverse("portal:profile_submit"))
    approve_latest(TherapistPage.objects.get(pk=page.pk), editor, django_capture_on_commit_callbacks)
    assert TherapistPage.objects.get(pk=page.pk).title == "Dana Okafor-Reid"
    assert page.pk in found(text="Okafor-Reid")
