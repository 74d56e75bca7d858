import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page, Revision

from home.models import HomePage

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "users": User.objects.count(),
        "groups": Group.objects.count(),
        "page_permissions": GroupPagePermission.objects.count(),
    }


def test_load_demo_is_idempotent(capsys, client):
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
    assert first["pages"] > 3

    # The home page features the first demo articles, live and linked.
    home = client.get("/")
    featured = HomePage.objects.get().featured_articles.all()
    assert len(featured) == 3
    for item in featured:
        assert item.page.live
        assert item.page.url.encode() in home.content


def test_load_demo_creates_one_user_per_role(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://relieve.example"
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    # The admin link is where the site is served, not a fixed development address.
    assert "Admin: https://relieve.example/admin/" in out.getvalue()
    assert User.objects.get(username="editor").groups.filter(name="Editors").exists()
    assert User.objects.get(username="reviewer").groups.filter(name="Medical reviewers").exists()
    assert User.objects.get(username="therapist").groups.filter(name="Therapists").exists()
    assert User.objects.get(username="admin").is_superuser


def test_demo_groups_get_the_right_admin_access():
    call_command("load_demo")
    editor = User.objects.get(username="editor")
    reviewer = User.objects.get(username="reviewer")
    therapist = User.objects.get(username="therapist")
    assert editor.has_perm("wagtailadmin.access_admin")
    assert reviewer.has_perm("wagtailadmin.access_admin")
    # Therapists keep their profile through the portal, never the CMS admin.
    assert not therapist.has_perm("wagtailadmin.access_admin")


def test_load_demo_keeps_a_password_a_user_changed():
    out = io.StringIO()
    call_command("load_demo", site_url="http://127.0.0.1:8765/", stdout=out)
    assert "Admin: http://127.0.0.1:8765/admin/" in out.getvalue()
    user = User.objects.get(username="editor")
    user.set_password("changed-by-the-user")
    user.save()
    call_command("load_demo")
    user.refresh_from_db()
    assert user.check_password("changed-by-the-user")
