"""How therapists' accounts plug into django-allauth and django-axes.

allauth signs people up and in by e-mail; axes counts failed logins. Both ask this module who the
person is: the account adapter puts every new account in the "Therapists" group, and axes counts
failures against the address typed on the site's login form or the username typed on the admin's.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.models import Group

from directory.contact import client_address
from directory.models import TherapistPage

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


def person_name(user) -> str:
    """What to call someone in an e-mail: their name, else their profile's, else "" (the e-mail says "Hello,").

    Accounts sign up with an e-mail address only, so the username is generated and never a greeting.
    """
    full_name = user.get_full_name().strip()
    if full_name:
        return full_name
    profile = TherapistPage.objects.filter(owner=user).only("title").first()
    return profile.title if profile else ""


def user_display(user) -> str:
    """allauth's name for an account (ACCOUNT_USER_DISPLAY): the person's name, else their e-mail address."""
    return person_name(user) or user.email or user.get_username()


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
    """The client's address for axes' per-IP lockout: the same proxy-aware rule as the contact form's
    rate limit (trusting X-Forwarded-For only as far as TRUSTED_PROXY_COUNT proxies)."""
    return client_address(request) or None
