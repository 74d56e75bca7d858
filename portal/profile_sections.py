"""The profile form's sections, and what the list of them at the top of the form says about each.

The form is long (a dozen fields, checkbox lists and up to ten clinics), so it is grouped the way
public-service forms are: named sections, a list of them at the top with a link to each, a word on
where each stands ("3 languages", "No photo yet"), and after a save with mistakes, which sections have
them. Everything here is read from the form as shown (what was typed after a failed save, the draft
otherwise), so the page says the same with or without JavaScript.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.template.defaultfilters import pluralize


@dataclass(frozen=True)
class Section:
    anchor: str  # the id of the section in the page, and its link's fragment
    title: str
    # The profile form's fields shown in it, in the order their mistakes are worth fixing (the first
    # one's is linked); the clinics section shows the clinic formset instead.
    fields: tuple[str, ...] = ()


ABOUT = Section("about-you", "About you", ("title", "designation", "bio_text", "gender", "years_in_practice"))
PHOTO = Section("photo", "Photo", ("photo_upload", "remove_photo", "kept_photo"))
REGISTRATION = Section("registration", "Registration")  # shown, never edited here: editors keep it
CLINICS = Section("clinics", "Clinics and hours")
FEES = Section("fees", "Fees", ("fee_min", "fee_max", "currency", "direct_billing"))
TREATMENT = Section("treatment", "What you treat and techniques", ("conditions", "techniques"))
AVAILABILITY = Section(
    "languages-availability", "Languages and availability", ("languages", "accepting_new_clients", "home_visits")
)
CONTACT = Section("contact", "Contact and booking", ("booking_url", "website", "phone", "contact_email"))

SECTIONS = (ABOUT, PHOTO, REGISTRATION, CLINICS, FEES, TREATMENT, AVAILABILITY, CONTACT)


@dataclass(frozen=True)
class SectionState:
    section: Section
    status: str  # a few words: "2 problems", "3 languages", "No photo yet"
    errors: int = 0
    filled_in: bool | None = None  # None: nothing for the therapist to fill in (the registration)
    first_problem: str = ""  # the id of the first field to correct, when there are errors

    @property
    def anchor(self) -> str:
        return self.section.anchor

    @property
    def title(self) -> str:
        return self.section.title


@dataclass(frozen=True)
class Overview:
    sections: tuple[SectionState, ...]

    @property
    def with_errors(self) -> int:
        return sum(1 for state in self.sections if state.errors)

    @property
    def fillable(self) -> int:
        return sum(1 for state in self.sections if state.filled_in is not None)

    @property
    def filled_in(self) -> int:
        return sum(1 for state in self.sections if state.filled_in)


def _value(form: forms.BaseForm, name: str):
    value = form[name].value()
    return value.strip() if isinstance(value, str) else value


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{pluralize(number)}"


def _clinics_shown(clinic_formset) -> int:
    """Clinics with a city (the one field every placed clinic has), not ticked for removal."""
    shown = 0
    for clinic_form in clinic_formset.forms:
        if clinic_formset.can_delete and _value(clinic_form, "DELETE"):
            continue
        if _value(clinic_form, "city") or _value(clinic_form, "name"):
            shown += 1
    return shown


def _anchor(field: forms.BoundField) -> str:
    # A checkbox list labels no single box (no id_for_label): its problem links to the list itself.
    return field.id_for_label or field.auto_id


def _form_problems(form: forms.BaseForm, names: tuple[str, ...]) -> tuple[int, str]:
    """How many errors these fields have, and the id of the first field to fix (a hidden field's
    errors are fixed in the section's first visible one: the kept photo's in the upload)."""
    if not form.is_bound:
        return 0, ""
    count, anchor = 0, ""
    visible = [name for name in names if not form[name].is_hidden]
    for name in names:
        messages = form.errors.get(name, ())
        if messages:
            count += len(messages)
            anchor = anchor or _anchor(form[visible[0] if form[name].is_hidden else name])
    return count, anchor


def _clinic_problems(clinic_formset) -> tuple[int, str]:
    if not clinic_formset.is_bound:
        return 0, ""
    count, anchor = len(clinic_formset.non_form_errors()), ""
    if count and clinic_formset.forms:
        anchor = _anchor(clinic_formset.forms[0].visible_fields()[0])
    for clinic_form in clinic_formset.forms:
        for name, messages in clinic_form.errors.items():
            count += len(messages)
            if not anchor:
                field_shown = name in clinic_form.fields and not clinic_form[name].is_hidden
                anchor = _anchor(clinic_form[name] if field_shown else clinic_form.visible_fields()[0])
    return count, anchor


@dataclass(frozen=True)
class _Shown:
    """What the page shows: the form (as typed, or the draft), its clinics, the photo, the registration."""

    form: forms.BaseForm
    clinic_formset: forms.BaseFormSet
    has_photo: bool
    registration: object  # directory.models.Registration or None


# Each section: its status in a few words, and whether it counts as filled in (None: not the therapist's to fill).
def _about(shown: _Shown) -> tuple[str, bool | None]:
    return ("Filled in", True) if _value(shown.form, "bio_text") else ("No description yet", False)


def _photo(shown: _Shown) -> tuple[str, bool | None]:
    return ("Added", True) if shown.has_photo else ("No photo yet", False)


def _registration(shown: _Shown) -> tuple[str, bool | None]:
    return (shown.registration.get_status_display() if shown.registration is not None else "Not given yet"), None


def _clinics(shown: _Shown) -> tuple[str, bool | None]:
    clinics = _clinics_shown(shown.clinic_formset)
    return (_count(clinics, "clinic"), True) if clinics else ("No clinic yet", False)


def _fees(shown: _Shown) -> tuple[str, bool | None]:
    given = any(_value(shown.form, name) not in (None, "") for name in ("fee_min", "fee_max"))
    return ("Filled in", True) if given else ("No fees yet", False)


def _treatment(shown: _Shown) -> tuple[str, bool | None]:
    conditions = len(_value(shown.form, "conditions") or [])
    techniques = len(_value(shown.form, "techniques") or [])
    if not conditions and not techniques:
        return "Nothing chosen yet", False
    return f"{_count(conditions, 'condition')}, {_count(techniques, 'technique')}", conditions > 0


def _availability(shown: _Shown) -> tuple[str, bool | None]:
    languages = len(_value(shown.form, "languages") or [])
    return (_count(languages, "language"), True) if languages else ("No language yet", False)


def _contact(shown: _Shown) -> tuple[str, bool | None]:
    # The contact e-mail is private (the contact form's destination): it is no way to book.
    bookable = any(_value(shown.form, name) for name in ("booking_url", "website", "phone"))
    return ("Filled in", True) if bookable else ("No way to book yet", False)


_DESCRIBE: dict[Section, Callable[[_Shown], tuple[str, bool | None]]] = {
    ABOUT: _about,
    PHOTO: _photo,
    REGISTRATION: _registration,
    CLINICS: _clinics,
    FEES: _fees,
    TREATMENT: _treatment,
    AVAILABILITY: _availability,
    CONTACT: _contact,
}


def overview(form, clinic_formset, *, has_photo: bool, registration=None) -> Overview:
    """Each section's state, in page order: its errors after a failed save, else what it holds."""
    shown = _Shown(form, clinic_formset, has_photo, registration)
    states = []
    for section in SECTIONS:
        if section is CLINICS:
            errors, first_problem = _clinic_problems(clinic_formset)
        else:
            errors, first_problem = _form_problems(form, section.fields)
        if errors:
            states.append(SectionState(section, _count(errors, "problem"), errors, False, first_problem))
            continue
        status, filled_in = _DESCRIBE[section](shown)
        states.append(SectionState(section, status, filled_in=filled_in))
    return Overview(tuple(states))
