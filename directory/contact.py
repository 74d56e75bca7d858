"""The contact form's view: store first, then e-mail the therapist, never revealing their address.

Order matters: the message is saved before any mail is attempted, so a mail failure loses nothing
(editors see undelivered messages in the admin and can resend them). Per-address rate limiting uses
the cache; the limit is ``DIRECTORY_CONTACT_RATE_LIMIT`` = (messages, seconds), default 5 an hour.

The form has its own page (the profile's ``contact/`` route), never cached: it carries a CSRF token
and the sender's own input, while the profile itself is served to everyone from the page cache.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from directory.forms import ContactForm
from directory.rate_limits import attempt_key, over_limit
from directory.single_line import header_text

if TYPE_CHECKING:
    # For type hints only: models.py imports this module (the page's contact route), so at run time
    # the models are reached through the page and the message (``page.contact_messages``, ``message.Delivery``).
    from directory.models import ContactMessage, TherapistPage

logger = logging.getLogger(__name__)


def client_address(request) -> str:
    """The client's address, reading X-Forwarded-For only as far back as TRUSTED_PROXY_COUNT proxies.

    Behind a reverse proxy REMOTE_ADDR is the proxy, which would put every visitor in one rate-limit
    bucket; trusting more entries than there are proxies would let anyone pick their own address.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def is_rate_limited(request) -> bool:
    """Count this attempt; True when the address has used up its messages for the window."""
    limit, window = settings.DIRECTORY_CONTACT_RATE_LIMIT
    return over_limit(attempt_key("directory:contact", client_address(request)), limit, window)


def profile_url(page: TherapistPage) -> str:
    """The profile's address on the configured site (SITE_URL), not the host a request came in on:
    messages are also resent later from the admin, with no request at all."""
    url = page.get_url() or ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url if url.startswith("/") else url


def deliver(message: ContactMessage) -> bool:
    """E-mail a stored message to its therapist; record the outcome on the message."""
    therapist = message.therapist
    if not therapist.contact_email:
        message.delivery = message.Delivery.FAILED
        message.delivery_error = "The therapist has no contact address."
        message.save(update_fields=["delivery", "delivery_error"])
        return False
    lines = [
        f"Hello {therapist.title},",
        "",
        f"{message.sender_name} wrote to you through your profile on {settings.WAGTAIL_SITE_NAME}:",
        "",
        message.message,
        "",
        f"E-mail: {message.sender_email}",
    ]
    if message.sender_phone:
        lines.append(f"Phone: {message.sender_phone}")
    lines += ["", "Reply to this e-mail to answer them directly.", "", f"Your profile: {profile_url(therapist)}"]
    email = EmailMessage(
        # The name is the sender's own text: flattened, so no stored line break can add a header.
        subject=header_text(f"New message from {message.sender_name} via {settings.WAGTAIL_SITE_NAME}"),
        body="\n".join(lines),
        to=[therapist.contact_email],
        reply_to=[message.sender_email],
    )
    try:
        email.send()
    except Exception as error:  # any transport failure: SMTP, DNS, TLS, a backend bug
        logger.exception("Contact message %s could not be e-mailed", message.pk)
        message.delivery = message.Delivery.FAILED
        message.delivery_error = f"{type(error).__name__}: {error}"[:2000]
        message.save(update_fields=["delivery", "delivery_error"])
        return False
    message.delivery = message.Delivery.SENT
    message.delivered_at = timezone.now()
    message.delivery_error = ""
    message.save(update_fields=["delivery", "delivered_at", "delivery_error"])
    return True


def _redirect(page: TherapistPage, request, outcome: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{page.get_url(request)}contact/?contact={outcome}#contact")


def contact_view(request, page: TherapistPage):
    if request.method != "POST":
        return _render_form(request, page, ContactForm(), status=200)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _render_form(request, page, form, status=400)
    if is_rate_limited(request):
        form.add_error(
            None,
            "You have sent several messages in a short time. Please try again in an hour; "
            "what you wrote is still below.",
        )
        return _render_form(request, page, form, status=429)
    if form.is_spam:
        # Look like success so bots learn nothing; store nothing.
        return _redirect(page, request, "sent")
    message = page.contact_messages.create(
        sender_name=form.cleaned_data["name"],
        sender_email=form.cleaned_data["email"],
        sender_phone=form.cleaned_data["phone"],
        message=form.cleaned_data["message"],
    )
    return _redirect(page, request, "sent" if deliver(message) else "saved")


def _render_form(request, page: TherapistPage, form: ContactForm, status: int):
    context = {
        "page": page,
        "self": page,
        "request": request,
        "contact_form": form,
        "contact_outcome": request.GET.get("contact", "") if request.method == "GET" else "",
    }
    response = TemplateResponse(request, "directory/therapist_contact.html", context, status=status)
    # Personal (a CSRF token, what the sender typed): no shared or browser cache may keep it.
    add_never_cache_headers(response)
    return response
