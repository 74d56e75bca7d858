"""What the restriction and exception-hours screens share: choosing the record they belong to.

A restriction belongs to a registration and an exception to a clinic. Both are separate admin lists
(``ModelViewSet``) rather than inline panels: a registration is not a page and has no panels of its
own to nest in; a clinic is already an inline of the therapist page, and Wagtail has no nested
InlinePanel. They are also operational records — dated, effective at once — so they should not wait
for the profile's moderation round, which a page panel would impose.
"""


def with_therapist_labels(form_class, field_name: str, label, related: tuple[str, ...], ordering: tuple[str, ...]):
    """The form with a choice field that names the therapist (a bare registration number helps no one)."""

    class Form(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            field = self.fields[field_name]
            field.queryset = field.queryset.select_related(*related).order_by(*ordering)
            field.label_from_instance = label

    Form.__name__ = form_class.__name__
    return Form


class PrefilledFromQueryMixin:
    """ "Add" links from a registration or a clinic carry it in the query string (?registration=<id>),
    so the editor lands on a form already pointing at the right one."""

    prefill_field: str

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get(self.prefill_field, "").isdigit():
            initial[self.prefill_field] = self.request.GET[self.prefill_field]
        return initial
