"""Forms: the public article filter, and the admin form that explains the review rule."""

import datetime

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

REQUIRED_FOR_PUBLISHING = {
    "medical_reviewer": (
        "Choose the medical reviewer. An article can be saved as a draft without one, "
        "but not submitted for review or published."
    ),
    "last_reviewed": (
        "Enter the date of the medical review. An article can be saved as a draft without it, "
        "but not submitted for review or published."
    ),
}


class ArticlePageForm(WagtailAdminPageForm):
    """The article editor's form. Wagtail defers required fields for drafts; these messages say why they matter."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in REQUIRED_FOR_PUBLISHING.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message

    def clean(self):
        cleaned = super().clean()
        last_reviewed = cleaned.get("last_reviewed")
        next_due = cleaned.get("next_review_due")
        if last_reviewed and last_reviewed > datetime.date.today():
            self.add_error("last_reviewed", "The last review cannot be in the future.")
        if last_reviewed and next_due and next_due <= last_reviewed:
            self.add_error("next_review_due", "The next review must come after the last review.")
        return cleaned


class ArticleFilterForm(forms.Form):
    """The article listing's filters. Plain GET selects: works without JavaScript."""

    condition = forms.ModelChoiceField(
        queryset=None, to_field_name="slug", required=False, empty_label="All conditions"
    )
    technique = forms.ModelChoiceField(
        queryset=None, to_field_name="slug", required=False, empty_label="All techniques"
    )

    def __init__(self, *args, **kwargs):
        from articles.models import Condition, Technique

        super().__init__(*args, **kwargs)
        self.fields["condition"].queryset = Condition.objects.all()
        self.fields["technique"].queryset = Technique.objects.all()
        for name in ("condition", "technique"):
            self.fields[name].error_messages["invalid_choice"] = f"That {name} is not one we have articles about."
