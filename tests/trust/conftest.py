"""Trust fixtures: the directory's therapist builder, plus the portal's accounts."""

import datetime

import pytest
from django.utils import timezone

from tests.directory.conftest import deep_tissue, editor, make_therapist, regulator, sciatica  # noqa: F401
from tests.portal.conftest import make_account


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def owner(groups):
    """A verified therapist account (portal-ready)."""
    return make_account("owner@example.org")


@pytest.fixture
def set_now(monkeypatch):
    """Pin "now" (an aware datetime); timezone.localdate() follows it in the active time zone."""

    def pin(moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return pin
