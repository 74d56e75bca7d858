import pytest

pytestmark = pytest.mark.django_db


def test_condition_snippets_are_searchable_in_the_admin(admin_client, sciatica, back_pain):
    response = admin_client.get("/admin/snippets/articles/condition/", {"q": "sciatica"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sciatica" in html
    assert "Low back pain" not in html


def test_person_snippet_lists_in_the_admin(admin_client, reviewer_person):
    response = admin_client.get("/admin/snippets/articles/person/")
    assert response.status_code == 200
    assert "Dr Ada Example" in response.content.decode()
