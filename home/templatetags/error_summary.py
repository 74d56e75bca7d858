"""``{% error_summary form formset ... %}``: the GOV.UK / NHS.UK error summary at the top of a form.

Every error of the forms (and of each form in a formset) as a link to its field, so someone who sent a
form with mistakes lands on the list of what to fix (site.js moves focus to it) and reaches each field
in one step. Works for any Django form; the page keeps its own inline messages beside each field.
"""

from dataclasses import dataclass

from django import forms, template
from django.utils.text import capfirst

register = template.Library()


@dataclass(frozen=True)
class SummaryError:
    text: str
    anchor: str  # the id of the field to fix, "" when the error is about the form as a whole


def _form_errors(form: forms.BaseForm, prefix: str = "") -> list[SummaryError]:
    if not form.is_bound or not form.errors:
        return []
    # Every visible field, a honeypot too (it never has an error, and never comes first): a real field
    # may have its name, like the profile form's "website".
    visible = form.visible_fields()
    first_anchor = visible[0].id_for_label if visible else ""
    found = [SummaryError(f"{prefix}{message}", first_anchor) for message in form.non_field_errors()]
    for field in form.hidden_fields():
        found.extend(SummaryError(f"{prefix}{message}", first_anchor) for message in field.errors)
    for field in visible:
        label = capfirst(str(field.label)) if field.label else ""
        found.extend(
            SummaryError(f"{prefix}{label}: {message}" if label else f"{prefix}{message}", field.id_for_label)
            for message in field.errors
        )
    return found


def summary_errors(*forms_and_formsets) -> list[SummaryError]:
    """The errors of these forms and formsets, in page order (None entries are skipped)."""
    found: list[SummaryError] = []
    for item in forms_and_formsets:
        if item is None:
            continue
        if isinstance(item, forms.BaseFormSet):
            noun = capfirst(item.model._meta.verbose_name) if getattr(item, "model", None) else "Item"
            first_fields = item.forms[0].visible_fields() if item.forms else []
            first = first_fields[0].id_for_label if first_fields else ""
            found.extend(SummaryError(message, first) for message in item.non_form_errors())
            for number, form in enumerate(item.forms, start=1):
                found.extend(_form_errors(form, prefix=f"{noun} {number} – "))
        else:
            found.extend(_form_errors(item))
    return found


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_and_formsets, title: str = "There is a problem", intro: str = ""):
    return {"errors": summary_errors(*forms_and_formsets), "title": title, "intro": intro}
