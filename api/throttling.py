"""A rate limit per client address, counted in the shared cache (Redis in production).

Django REST framework's throttle does the counting and the 429 with ``Retry-After``; what is ours
is *whose* address counts — the directory's proxy-aware rule, the one the contact form and the
login throttling use — and the limit, ``API_RATE_LIMIT`` (requests, seconds).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from directory.contact import client_address

DEFAULT_RATE_LIMIT = (120, 60)


class ClientAddressRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        requests, seconds = getattr(settings, "API_RATE_LIMIT", DEFAULT_RATE_LIMIT)
        return f"{requests}/{seconds}"

    def parse_rate(self, rate: str) -> tuple[int, int]:
        # "120/60": requests per this many seconds (DRF's own format only knows s, m, h, d).
        requests, seconds = rate.split("/")
        return int(requests), int(seconds)

    def get_cache_key(self, request, view) -> str:
        # Hashed with the secret: the cache never holds a readable list of visitors' addresses.
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
        return f"api:rate:{digest}"
