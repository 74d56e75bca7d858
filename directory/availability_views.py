"""The one thing a reminder e-mail's link can do: confirm "accepting new clients", without signing in.

GET shows what the link will do and a button; only the POST changes anything (mail scanners and
link previews fetch GET URLs, and must not confirm on the therapist's behalf). A refused link —
expired, tampered with, or made for another action — gets a page that says so and what to do.
A link works once, and not at all after the therapist changed their availability or their profile
(``read_link_token``): it then answers 410 and points to the portal.
"""

from django.db import transaction
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from directory.availability import (
    CONFIRM_ACCEPTING,
    Availability,
    LinkRefused,
    confirm_accepting,
    read_link_token,
    stale_after_days,
)
from directory.models import TherapistPage


def _no_leaks(response):
    # The token is a credential for one action: keep it out of caches and Referer headers.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


class ConfirmAvailabilityView(View):
    template_name = "directory/availability_confirm.html"
    refused_template_name = "directory/availability_refused.html"
    done_template_name = "directory/availability_confirmed.html"

    def therapist(self, token: str) -> TherapistPage:
        pk = read_link_token(token, CONFIRM_ACCEPTING)
        page = TherapistPage.objects.filter(pk=pk).first()
        if page is None:  # deleted since the e-mail went out
            raise LinkRefused("invalid")
        return page

    def refused(self, request, error: LinkRefused):
        status = 410 if error.reason in ("expired", "used") else 400
        context = {"reason": error.reason, "portal_url": reverse("portal:dashboard")}
        return _no_leaks(render(request, self.refused_template_name, context, status=status))

    def get(self, request, token: str):
        try:
            page = self.therapist(token)
        except LinkRefused as error:
            return self.refused(request, error)
        context = {"therapist": page, "availability": page.availability, "stale_after_days": stale_after_days()}
        return _no_leaks(render(request, self.template_name, context))

    def post(self, request, token: str):
        try:
            with transaction.atomic():
                page = self.therapist(token)
                # Locked and checked again inside the transaction: two clicks at once confirm once.
                TherapistPage.objects.select_for_update().filter(pk=page.pk).first()
                read_link_token(token, CONFIRM_ACCEPTING)
                confirm_accepting(page)
        except LinkRefused as error:
            return self.refused(request, error)
        context = {"therapist": page, "availability": Availability.of(True, page.accepting_confirmed_on)}
        return _no_leaks(render(request, self.done_template_name, context))
