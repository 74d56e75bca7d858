"""How therapists' accounts plug into django-allauth and django-axes.

allauth signs people up and in by e-mail; axes counts failed logins. Both ask this module who the
person is: the account adapter puts every new account in the "Therapists" group, and axes counts
failures against the address typed on the site's login form or the username typed on the admin's.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth.models import Group

THERAPISTS_GROUP = "Therapists"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # Sign-ups on the public site are therapists: the group carries no admin access,
            # so it only marks who the portal is for.
            group, _ = Group.objects.get_or_create(name=THERAPISTS_GROUP)
            user.groups.add(group)
        return user


def login_identifier(request, credentials) -> str | None:
    """What axes counts failures against: the e-mail (site login) or username (admin login).

    allauth authenticates with ``email=…``, Django's admin with ``username=…``; when axes asks
    before authentication (no credentials yet) the raw form field is used. Lower-cased, so
    "Ann@Example.org" and "ann@example.org" share one counter.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        data = getattr(request, "POST", {})
        value = data.get("login") or data.get("username")
    return value.strip().lower() if value else None


def client_ip(request) -> str | None:
    """The client's address, trusting X-Forwarded-For only as far as TRUSTED_PROXY_COUNT proxies.

    Each proxy appends the address it received the request from, so the client's own address is
    the entry that many places from the right. Trusting more would let anyone dodge the per-IP
    lockout by sending their own X-Forwarded-For header.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
