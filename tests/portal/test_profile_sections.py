"""The profile form in sections: each section a heading with an anchor, a list of them at the top
that says where each stands, and after a save with mistakes, which sections have them (each linked to
the field to correct). All of it in the HTML, so it works without JavaScript."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from directory.models import Registration
from portal.profile_forms import ProfileForm
from portal.profile_sections import SECTIONS
from tests.home.test_error_summary import _summary

pytestmark = pytest.mark.django_db

TITLES = [
    "About you",
    "Photo",
    "Registration",
    "Clinics and hours",
    "Fees",
    "What you treat and techniques",
    "Languages and availability",
    "Contact and booking",
]


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def section_list(soup) -> list[dict]:
    """The list of sections at the top: title, where its link goes, its status, the status's link."""
    nav = soup.select_one("nav.form-sections")
    assert nav is not None, "no list of sections"
    items = []
    for item in nav.select("li"):
        title_link, *rest = item.find_all("a")
        status = item.select_one(".form-sections__status")
        items.append(
            {
                "title": title_link.get_text(strip=True),
                "href": title_link["href"],
                "status": status.find(string=True, recursive=False).strip(),
                "status_href": rest[0]["href"] if rest else None,
                "flagged": "form-sections__item--error" in item["class"],
            }
        )
    return items


def post(client, data, **changes):
    return client.post(reverse("portal:profile_edit"), {**data, **changes})


def test_each_section_has_a_heading_and_anchor_and_the_list_links_each_in_page_order(client, therapist_a, profile_a):
    client.force_login(therapist_a)
    soup = soup_of(client.get(reverse("portal:profile_edit")))
    listed = section_list(soup)
    assert [item["title"] for item in listed] == TITLES
    for item in listed:
        section = soup.find(id=item["href"][1:])
        assert section is not None and section.name == "section", item
        heading = soup.find(id=section["aria-labelledby"])
        assert heading.name == "h2" and heading.get_text(strip=True) == item["title"]
    # The sections come in the page in the order the list gives them.
    in_page = [section["id"] for section in soup.select("section.form-section")]
    assert in_page == [item["href"][1:] for item in listed]
    assert not any(item["flagged"] for item in listed)


def test_every_field_of_the_form_sits_in_the_section_that_counts_its_errors(client, therapist_a, profile_a):
    client.force_login(therapist_a)
    response = client.get(reverse("portal:profile_edit"))
    soup = soup_of(response)
    form = response.context["form"]
    owner = {name: section.anchor for section in SECTIONS for name in section.fields}
    for name, anchor in owner.items():
        if name == "remove_photo" and not profile_a.photo:
            continue  # offered only when there is a photo to remove
        # A checkbox list with nothing to choose from has no input, only its list.
        element = soup.find(attrs={"name": name}) or soup.find(id=form[name].auto_id)
        assert element is not None, name
        section = element.find_parent("section", class_="form-section")
        if form[name].is_hidden:
            assert section is None  # hidden fields sit at the top of the form; their errors show in the summary
        else:
            assert section is not None and section["id"] == anchor, name
    clinic_city = soup.find(attrs={"name": "clinics-0-city"})
    assert clinic_city.find_parent("section", class_="form-section")["id"] == "clinics"


def test_the_list_says_where_each_section_stands(client, therapist_a, profile_a):
    client.force_login(therapist_a)
    soup = soup_of(client.get(reverse("portal:profile_edit")))
    status = {item["title"]: item["status"] for item in section_list(soup)}
    assert status == {
        "About you": "Filled in",
        "Photo": "No photo yet",
        "Registration": "Verified",
        "Clinics and hours": "1 clinic",
        "Fees": "No fees yet",
        "What you treat and techniques": "Nothing chosen yet",
        "Languages and availability": "No language yet",
        "Contact and booking": "No way to book yet",
    }
    assert soup.select_one(".form-sections__progress").get_text(strip=True) == "2 of 7 filled in"


def test_the_registration_is_shown_but_is_no_field(client, therapist_a, profile_a):
    client.force_login(therapist_a)
    soup = soup_of(client.get(reverse("portal:profile_edit")))
    section = soup.find(id="registration")
    text = section.get_text(" ", strip=True)
    assert "College of Massage Therapists of Ontario" in text and "A-1001" in text and "Verified" in text
    assert section.find(["input", "select", "textarea"]) is None

    Registration.objects.filter(therapist=profile_a).delete()
    soup = soup_of(client.get(reverse("portal:profile_edit")))
    assert "We have no registration for this profile yet." in soup.find(id="registration").get_text(" ", strip=True)
    assert {item["title"]: item["status"] for item in section_list(soup)}["Registration"] == "Not given yet"


def test_a_save_with_mistakes_flags_their_sections_each_linked_to_the_field(
    client, therapist_a, profile_a, profile_form_data
):
    client.force_login(therapist_a)
    response = post(client, profile_form_data(), fee_min="120", fee_max="80", **{"clinics-0-city": ""})
    assert response.status_code == 400
    soup = soup_of(response)
    listed = {item["title"]: item for item in section_list(soup)}
    flagged = {title: (item["status"], item["status_href"]) for title, item in listed.items() if item["flagged"]}
    assert flagged == {
        "Fees": ("1 problem", "#id_fee_max"),
        "Clinics and hours": ("1 problem", "#id_clinics-0-city"),
    }
    assert soup.select_one(".form-sections__progress").get_text(strip=True) == "2 sections to correct"
    # Each flag's link reaches the field; the error summary at the top links the same fields.
    for _, href in flagged.values():
        assert soup.find(id=href[1:]).name == "input"
    title, links = _summary(response)
    assert {"#id_fee_max", "#id_clinics-0-city"} <= set(links.values())
    # The list of sections comes after the error summary, which keeps the focus first.
    summary = soup.select_one("[data-error-summary]")
    assert summary.find_next("nav", class_="form-sections") is not None


def test_a_refused_photo_flags_the_photo_section(client, therapist_a, profile_a, profile_form_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(therapist_a)
    data = {**profile_form_data(), "photo_upload": SimpleUploadedFile("me.jpg", b"not an image", "image/jpeg")}
    response = client.post(reverse("portal:profile_edit"), data)
    assert response.status_code == 400
    listed = {item["title"]: item for item in section_list(soup_of(response))}
    assert listed["Photo"]["flagged"] and listed["Photo"]["status_href"] == "#id_photo_upload"
    assert [title for title, item in listed.items() if item["flagged"]] == ["Photo"]


def test_what_was_typed_is_what_the_list_describes(client, therapist_a, profile_a, profile_form_data):
    # After a failed save, the list reads the form as typed, not the saved draft.
    client.force_login(therapist_a)
    data = profile_form_data()
    data.update({"fee_min": "60", "website": "not a link", "phone": "+1 416 555 0100", "clinics-0-DELETE": "on"})
    soup = soup_of(post(client, data))
    status = {item["title"]: item["status"] for item in section_list(soup)}
    assert status["Fees"] == "Filled in"
    assert status["Clinics and hours"] == "No clinic yet"
    assert status["Contact and booking"] == "1 problem"


def test_a_mistake_in_the_website_is_in_the_error_summary_too(client, therapist_a, profile_a, profile_form_data):
    # "website" is also the contact form's honeypot, once left out of every summary by its name.
    client.force_login(therapist_a)
    response = post(client, profile_form_data(), website="not a link")
    _, links = _summary(response)
    assert links == {"Website: Enter a valid URL.": "#id_website"}


def test_the_save_buttons_belong_to_the_form_they_sit_outside_of(client, therapist_a, profile_a):
    # The save bar sticks to the bottom of the window from the top of the page, so it is outside the
    # form; its buttons name the form, which a browser without JavaScript posts whole.
    client.force_login(therapist_a)
    soup = soup_of(client.get(reverse("portal:profile_edit")))
    form = soup.select_one("form.profile-form")
    buttons = soup.select(".save-bar button[type=submit]")
    assert [button["name"] for button in buttons] == ["save", "submit"]
    assert all(button["form"] == form["id"] for button in buttons)
    assert form.find(attrs={"name": "based_on"}) is not None


def test_every_field_but_the_concurrency_check_is_in_exactly_one_section():
    # A field added to the form without a section would never be flagged in the list.
    names = [name for section in SECTIONS for name in section.fields]
    assert sorted(names) == sorted(set(ProfileForm.base_fields) - {"based_on"})
