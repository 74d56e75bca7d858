"""The error summary at the top of a form with mistakes: every error, each a link to its field."""

from bs4 import BeautifulSoup
from django import forms

from home.templatetags.error_summary import SummaryError, summary_errors


class PlaceForm(forms.Form):
    name = forms.CharField(label="Your name")
    city = forms.CharField()
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Something about the whole form.")


PlaceFormSet = forms.formset_factory(PlaceForm, extra=0)


def test_every_error_links_to_its_field_and_form_wide_ones_to_the_first_field():
    form = PlaceForm(data={"name": "", "city": "", "token": ""})
    assert summary_errors(form) == [
        SummaryError("Something about the whole form.", "id_name"),
        SummaryError("This field is required.", "id_name"),  # the hidden field: nothing to link to but the form
        SummaryError("Your name: This field is required.", "id_name"),
        SummaryError("City: This field is required.", "id_city"),
    ]


def test_unbound_and_valid_forms_have_nothing_to_summarise():
    assert summary_errors(PlaceForm(), None) == []


def test_formset_errors_name_the_item():
    formset = PlaceFormSet(
        data={
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "0",
            "form-0-name": "A",
            "form-0-city": "B",
            "form-1-name": "C",
        },
    )
    errors = summary_errors(formset)
    assert SummaryError("Item 2 – City: This field is required.", "id_form-1-city") in errors


def _summary(response):
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one("[data-error-summary]")
    assert summary is not None, "no error summary on the page"
    assert summary["tabindex"] == "-1" and summary["role"] == "alert"
    # It comes before the form's fields, and each link's target exists.
    links = {a.get_text(" ", strip=True): a["href"] for a in summary.select("a")}
    for href in links.values():
        assert soup.find(id=href[1:]) is not None, href
    return summary.find("h2").get_text(strip=True), links
