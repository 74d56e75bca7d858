"""A circuit breaker for the search engine, its state in the shared cache.

Without it, an engine that accepts connections but never answers makes every search wait the whole
timeout before falling back, for as long as the engine hangs. After ``SEARCH_BREAKER_FAILURES``
failures in a row the breaker opens: every worker (they share the cache) skips the engine for
``SEARCH_BREAKER_COOL_OFF`` seconds and answers from the database at once. Then one caller probes
the engine (half-open): a success closes the breaker, a failure opens it for another cool-off.

Within one request the engine is tried at most until it first fails: a page that asks it several
things (results, counts for wider searches, articles) must not wait out the timeout for each, so no
visitor waits much longer than ``SEARCH_TIMEOUT`` on a hung engine, even before the breaker opens.

The cache is not allowed to become a second point of failure: if it cannot be read, the engine
is tried as if there were no breaker.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.dispatch import receiver

logger = logging.getLogger(__name__)

# Per request: {"failed": bool}; None outside a request (commands, the task worker), where every
# call may try the engine.
_request_scope: ContextVar[dict | None] = ContextVar("search_engine_request_scope", default=None)


@receiver(request_started)
def _new_request_scope(**_kwargs) -> None:
    _request_scope.set({"failed": False})


@receiver(request_finished)
def _end_request_scope(**_kwargs) -> None:
    # The thread serves other work afterwards (the next request, a test): no memory of this one.
    _request_scope.set(None)


class CircuitBreaker:
    def __init__(self, name: str, *, failures: int, cool_off: float):
        self.failures = max(1, failures)
        self.cool_off = cool_off
        self._failures_key = f"search:breaker:{name}:failures"
        self._open_key = f"search:breaker:{name}:open"
        self._probe_key = f"search:breaker:{name}:probe"

    def allows(self) -> bool:
        """True when the engine may be tried now (closed, or this caller won the half-open probe)."""
        try:
            if cache.get(self._open_key):
                return False
            if (cache.get(self._failures_key) or 0) >= self.failures:
                # Half-open: one caller in the whole site probes; the rest keep using the database.
                return cache.add(self._probe_key, 1, timeout=self.cool_off)
        except Exception:  # noqa: BLE001 - a broken cache must not take search down with it
            logger.warning("The search circuit breaker cannot read the cache; trying the engine.", exc_info=True)
        return True

    @property
    def is_open(self) -> bool:
        try:
            return bool(cache.get(self._open_key))
        except Exception:  # noqa: BLE001
            return False

    def record_success(self) -> None:
        try:
            if cache.get(self._failures_key):
                cache.delete_many([self._failures_key, self._open_key, self._probe_key])
        except Exception:  # noqa: BLE001
            logger.warning("The search circuit breaker cannot write to the cache.", exc_info=True)

    def record_failure(self) -> None:
        try:
            # Kept well past the cool-off, so the first call after it is a probe, not a fresh count.
            keep = max(60.0, self.cool_off * 4)
            cache.add(self._failures_key, 0, timeout=keep)
            try:
                count = cache.incr(self._failures_key)
            except ValueError:  # expired between add() and incr()
                cache.set(self._failures_key, 1, timeout=keep)
                count = 1
            if count >= self.failures:
                if not cache.get(self._open_key):
                    logger.warning("Search engine failed %s times: skipping it for %s s.", count, self.cool_off)
                cache.set(self._open_key, 1, timeout=self.cool_off)
                cache.set(self._failures_key, count, timeout=keep)
                cache.delete(self._probe_key)
        except Exception:  # noqa: BLE001
            logger.warning("The search circuit breaker cannot write to the cache.", exc_info=True)


def engine_breaker() -> CircuitBreaker:
    """The one breaker for the configured engine: the directory, autocomplete and article search share it."""
    return CircuitBreaker(
        settings.SEARCH_ENGINE, failures=settings.SEARCH_BREAKER_FAILURES, cool_off=settings.SEARCH_BREAKER_COOL_OFF
    )


def guarded(call, fallback):
    """``call()`` through the breaker, ``fallback()`` when it is open, when the engine already failed
    in this request, or when it fails now."""
    scope = _request_scope.get()
    if scope is not None and scope["failed"]:
        return fallback()
    breaker = engine_breaker()
    if not breaker.allows():
        return fallback()
    try:
        result = call()
    except Exception as error:  # any engine failure: connection, timeout, 5xx, a malformed answer
        if scope is not None:
            scope["failed"] = True
        breaker.record_failure()
        logger.warning("Search engine failed (%s: %s); using the database.", type(error).__name__, error)
        return fallback()
    breaker.record_success()
    return result
