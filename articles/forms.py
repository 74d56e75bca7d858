"""The forms ``models.py`` needs: the public article filter, and the page editor's form that explains
the review rule. Neither imports the models (``models.py`` imports this module): the filter is given
its choices by the page."""

import datetime

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

REQUIRED_FOR_PUBLISHING = {
    "medical_reviewer": (
        "Choose the medical reviewer. A draft may leave this empty, but an article cannot be published "
        "or approved without it."
    ),
    "last_reviewed": (
        "Enter the date of the medical review. A draft may leave this empty, but an article cannot be "
        "published or approved without it."
    ),
}


class ArticlePageForm(WagtailAdminPageForm):
    """The article editor's form: the review fields are optional until the article would go live.

    Saving a draft, submitting for review and requesting changes never need them, so the reviewer
    can fill them in during the review; publishing and approving do.
    """

    def is_publishing(self) -> bool:
        """Whether this submission would put the article live: 'Publish', or approving its review."""
        data = self.data or {}
        if data.get("action-publish"):
            return True
        return bool(data.get("action-workflow-action")) and data.get("workflow-action-name") == "approve"

    def clean(self):
        cleaned = super().clean()
        if self.is_publishing():
            for name, message in REQUIRED_FOR_PUBLISHING.items():
                if name in self.fields and not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
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

    def __init__(self, data=None, *, conditions, techniques):
        super().__init__(data)
        self.fields["condition"].queryset = conditions
        self.fields["technique"].queryset = techniques
        for name in ("condition", "technique"):
            self.fields[name].error_messages["invalid_choice"] = f"That {name} is not one we have articles about."
