"""Production settings: fail fast without secrets, pass Django's deploy checklist with them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


PRODUCTION_VARIABLES = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
    "REDIS_URL",
    "TASKS_BACKEND",
    "SITE_URL",
}
SHARED_CACHE = "redis://127.0.0.1:6379/15"
SITE_URL = "https://relieve.example"


def run_manage(*args: str, site_url: str | None = SITE_URL, **env_overrides: str) -> subprocess.CompletedProcess:
    """manage.py on production settings; every required variable but SITE_URL is the caller's to give."""
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_VARIABLES}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env_overrides})
    if site_url is not None:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_without_secret_key_fails_with_a_clear_message():
    result = run_manage("check", ALLOWED_HOSTS="relieve.example", REDIS_URL=SHARED_CACHE)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_without_allowed_hosts_fails_with_a_clear_message():
    result = run_manage("check", SECRET_KEY="x" * 60, REDIS_URL=SHARED_CACHE)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k3y-" + "a1B2c3D4e5F6g7H8" * 4,
        ALLOWED_HOSTS="relieve.example",
        REDIS_URL=SHARED_CACHE,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_without_a_site_url_fails_with_a_clear_message():
    # Without it every e-mail would link to the development default, http://127.0.0.1:8000.
    result = run_manage(
        "check", site_url=None, SECRET_KEY="x" * 60, ALLOWED_HOSTS="relieve.example", REDIS_URL=SHARED_CACHE
    )
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr


def test_production_without_a_shared_cache_fails_with_a_clear_message():
    # Each worker would count rate limits alone: 3 workers let 3x the limit through.
    result = run_manage("check", SECRET_KEY="x" * 60, ALLOWED_HOSTS="relieve.example")
    assert result.returncode != 0
    assert "REDIS_URL is not set" in result.stderr


def test_production_shares_one_cache_and_queues_background_work():
    probe = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'], "
        "settings.TASKS['default']['BACKEND'])"
    )
    result = run_manage(
        "shell", "-v", "0", "-c", probe, SECRET_KEY="x" * 60, ALLOWED_HOSTS="relieve.example", REDIS_URL=SHARED_CACHE
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "config.redis_cache.ReusingRedisCache",
        SHARED_CACHE,
        "django_tasks_db.DatabaseBackend",
    ]


def test_unknown_search_engine_is_refused():
    result = run_manage(
        "check", SECRET_KEY="x" * 60, ALLOWED_HOSTS="relieve.example", REDIS_URL=SHARED_CACHE, SEARCH_ENGINE="solr"
    )
    assert result.returncode != 0
    assert "SEARCH_ENGINE='solr' is not one of" in result.stderr


def test_a_cdn_purge_is_off_by_default_and_chosen_from_the_environment():
    probe = (
        "from django.conf import settings; "
        "print(getattr(settings, 'WAGTAILFRONTENDCACHE', {}).get('default', {}).get('BACKEND', 'off'), "
        "'wagtail.contrib.frontend_cache' in settings.INSTALLED_APPS)"
    )
    production = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "relieve.example", "REDIS_URL": SHARED_CACHE}
    result = run_manage("shell", "-v", "0", "-c", probe, **production)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["off", "False"]
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        probe,
        **production,
        FRONTEND_CACHE_BACKEND="http",
        FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wagtail.contrib.frontend_cache.backends.HTTPBackend", "True"]
    result = run_manage("check", **production, FRONTEND_CACHE_BACKEND="varnish-by-pigeon")
    assert result.returncode != 0
    assert "FRONTEND_CACHE_BACKEND='varnish-by-pigeon' is not one of" in result.stderr
