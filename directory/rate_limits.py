"""Counting attempts in the shared cache: "at most N in a window" for any key.

The contact form counts messages per client address; the portal counts registration-number
lookups per account and per address. Keys are hashed with the secret key, so a cache dump names
no addresses or accounts.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def attempt_key(scope: str, identity: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{identity}".encode()).hexdigest()[:32]
    return f"{scope}:{digest}"


def over_limit(key: str, limit: int, window: int) -> bool:
    """Count this attempt under ``key``; True when it is past ``limit`` attempts in ``window`` seconds."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
