"""The searches report: editors find it in the Reports menu, and the menu and the page agree on who may see it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/searches/"


def _account(groups, *names):
    user = get_user_model().objects.create_user("-".join(names) or "nobody", password="pw")
    user.groups.add(*(groups[name] for name in names))
    return user


@pytest.mark.parametrize(("group", "allowed"), [("Editors", True), ("Medical reviewers", False)])
def test_menu_shows_the_report_to_exactly_those_it_opens_for(client, groups, group, allowed):
    client.force_login(_account(groups, group))
    in_menu = REPORT in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(REPORT)
    assert in_menu is allowed
    assert (response.status_code == 200) is allowed
