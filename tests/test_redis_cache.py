"""The Redis cache back end keeps one client per connection pool, and still behaves as Django's."""

import uuid

from config.redis_cache import ReusingRedisCache

SHARED_CACHE = "redis://127.0.0.1:6379/15"


def test_one_client_serves_every_call_and_values_round_trip():
    cache = ReusingRedisCache(SHARED_CACHE, {"KEY_PREFIX": f"test-reuse-{uuid.uuid4().hex}"})
    try:
        assert cache._cache.get_client() is cache._cache.get_client(write=True)
        cache.set("entry", {"content": b"<html>", "version": "v1"}, timeout=30)
        assert cache.get_many(["entry", "missing"]) == {"entry": {"content": b"<html>", "version": "v1"}}
        assert cache.add("entry", "other") is False
        cache.delete("entry")
        assert cache.get("entry") is None
    finally:
        cache.delete_many(["entry"])
