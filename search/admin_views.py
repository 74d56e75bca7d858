"""Admin: turn a search people typed into a synonym or symptom of a taxonomy term in one step.

Linked from each row of the searches report (``search.reports``), so an editor who sees "my leg
is numb" finding nothing can teach the directory what it means; saving the term drops the
search vocabulary (``search.signals``) and the next search understands it.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from articles.models import Condition, Technique

MODELS = {"condition": Condition, "technique": Technique}
FIELDS = {"symptoms": "a symptom", "synonyms": "a synonym"}


def term_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (
            label,
            [(f"{kind}:{pk}", name) for pk, name in MODELS[kind].objects.order_by("name").values_list("pk", "name")],
        )
        for kind, label in (("condition", "Conditions"), ("technique", "Techniques"))
    ]


class AddToTermForm(forms.Form):
    text = forms.CharField(label="Words people typed", max_length=200)
    term = forms.ChoiceField(label="They mean")
    field = forms.ChoiceField(
        label="Add them as", choices=[(name, label.capitalize()) for name, label in FIELDS.items()], initial="symptoms"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = term_choices()

    def clean_text(self) -> str:
        return " ".join(self.cleaned_data["text"].split())

    def term_instance(self):
        kind, pk = self.cleaned_data["term"].split(":", 1)
        return MODELS[kind].objects.get(pk=int(pk))


def add_to_term(request: HttpRequest) -> HttpResponse:
    form = AddToTermForm(request.POST or None, initial={"text": request.GET.get("q", "")})
    if request.method == "POST" and form.is_valid():
        term = form.term_instance()
        if not request.user.has_perm(f"articles.change_{type(term)._meta.model_name}"):
            raise PermissionDenied
        field, text = form.cleaned_data["field"], form.cleaned_data["text"]
        lines = [line.strip() for line in getattr(term, field).splitlines() if line.strip()]
        if text.casefold() in (line.casefold() for line in lines):
            messages.info(request, f"“{text}” is already {FIELDS[field]} of {term.name}.")
        else:
            setattr(term, field, "\n".join([*lines, text]))
            term.save()  # the search vocabulary is rebuilt on the next search (search.signals)
            messages.success(request, f"Added “{text}” as {FIELDS[field]} of {term.name}.")
        return redirect("search_outcomes_report")
    return render(request, "search/admin/add_to_term.html", {"form": form})
