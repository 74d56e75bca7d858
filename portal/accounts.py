"""How therapists' accounts plug into django-allauth and django-axes.

allauth signs people up and in by e-mail; axes counts failed logins. Both ask this module who the
person is: the account adapter puts every new account in the "Therapists" group, and axes counts
failures against the address typed on the site's login form or the username typed on the admin's.
The adapter also makes allauth's e-mails link to the configured site address (``SITE_URL``), like
every other e-mail the site sends, rather than to whatever host the request came in on.
"""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Sum
from django.utils import timezone

from directory.contact import client_address
from directory.models import TherapistPage

THERAPISTS_GROUP = "Therapists"
# The links allauth puts in its e-mails' context (confirmation, password reset, sign-up).
EMAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


def on_site(url: str) -> str:
    """The same path on the configured site address (SITE_URL, Wagtail's WAGTAILADMIN_BASE_URL).

    Behind a proxy that does not pass the public Host on, or on an internal address, the request
    knows the site as "127.0.0.1:8000"; an e-mail must carry the address people use.
    """
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        if context.get("user") is None:
            # "Someone tried to sign up with your address": the account it belongs to, for the greeting.
            context = {**context, "user": get_user_model().objects.filter(email__iexact=email).first()}
        context = {
            **context,
            # allauth's own templates name the site by the request's host without django.contrib.sites.
            "current_site": SimpleNamespace(
                name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc
            ),
            **{key: on_site(context[key]) for key in EMAIL_LINKS if context.get(key)},
        }
        super().send_mail(template_prefix, email, context)

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

    The field typed on the form (allauth's ``login``, the admin's ``username``), else the credentials
    (allauth authenticates with ``email=…``, Django's admin with ``username=…``). Lower-cased, so
    "Ann@Example.org" and "ann@example.org" share one counter.
    """
    # What was typed comes first: after a successful sign-in axes passes the account's username as
    # credentials, which is not the e-mail counted for its failures, and the pair would never reset.
    data = getattr(request, "POST", None) or {}
    value = data.get("login") or data.get("username")
    if not value:
        credentials = credentials or {}
        value = credentials.get("email") or credentials.get("username")
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def failure_limit(request, credentials) -> int:
    """Failed sign-ins allowed for one account from one address (axes locks that pair, not more).

    ``LOGIN_FAILURE_LIMIT`` normally. Once the account has failed that often across all addresses
    within the cool-off, it is under attack: each address then gets one guess before its pair is
    locked. That slows a distributed guesser to one guess per address per cool-off, while the owner,
    signing in from an address that has not failed, is never locked out.
    """
    limit = settings.LOGIN_FAILURE_LIMIT
    identifier = login_identifier(request, credentials)
    if not identifier:
        return limit
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = (
        AccessAttempt.objects.filter(username=identifier, attempt_time__gte=since).aggregate(
            total=Sum("failures_since_start")
        )["total"]
        or 0
    )
    return 1 if failures >= limit else limit


def client_ip(request) -> str | None:
    """The client's address for axes' per-IP lockout: the same proxy-aware rule as the contact form's
    rate limit (trusting X-Forwarded-For only as far as TRUSTED_PROXY_COUNT proxies)."""
    return client_address(request) or None
