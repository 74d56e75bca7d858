"""What therapists and the public type reaches editors in the Wagtail admin — profiles, contact messages,
profile claims, registrations. The admin's policy allows inline script (Wagtail needs it), so escaping is
the only defence there: no payload may come back as markup on any of these screens."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from directory.models import ContactMessage
from portal.models import ProfileClaim
from tests.hostile.content import hostile_text, hostile_therapist
from tests.hostile.markup import find_payload_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_records(site_tree):
    therapist = hostile_therapist(site_tree.directory)
    message = ContactMessage.objects.create(
        therapist=therapist,
        sender_name=hostile_text(120),
        sender_email="sender@example.org",
        sender_phone=hostile_text(40),
        message=hostile_text(single_line=False),
    )
    claimant = get_user_model().objects.create_user(
        "claimant", "claimant@example.org", "pw", first_name=hostile_text(150), last_name=hostile_text(150)
    )
    claim = ProfileClaim.objects.create(
        user=claimant, therapist=therapist, registration_number=hostile_text(60), message=hostile_text()
    )
    return therapist, message, claim


def test_admin_screens_show_hostile_text_as_text(admin_client, site_tree, hostile_records):
    therapist, message, claim = hostile_records
    screens = [
        "/admin/",
        f"/admin/pages/{site_tree.directory.pk}/",
        f"/admin/pages/{therapist.pk}/edit/",
        f"/admin/pages/{therapist.pk}/history/",
        "/admin/pages/search/?q=script",
        reverse("contact_messages:index"),
        reverse("contact_messages:inspect", args=[message.pk]),
        reverse("registrations:index"),
        reverse("registrations:edit", args=[therapist.registration.pk]),
        reverse("profile_claims:index"),
        reverse("profile_claims:edit", args=[claim.pk]),
    ]
    for path in screens:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert find_payload_activity(html) == [], path
    inspect = admin_client.get(reverse("contact_messages:inspect", args=[message.pk])).content.decode()
    assert escape(message.sender_name) in inspect
