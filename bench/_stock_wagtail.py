"""A stock ``wagtail start`` project, the issue's yardstick for an uncached page.

Made in a throwaway folder with the ``wagtail`` command of this virtualenv (so the same Wagtail and
Django as the site), with its own ``production`` settings (DEBUG off, as generated) plus the two
values those leave to a ``local.py``: the secret key and the allowed hosts. Migrated (which creates
its welcome home page) and with its static files collected, as its settings ask in production.
Nothing of Relieve is imported: ``bench.throughput`` serves it with gunicorn, ``bench.render_cost``
times it in-process.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT = "stocksite"
SETTINGS = f"{PROJECT}.settings.production"
WSGI = f"{PROJECT}.wsgi"


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")


def environment(folder: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    return {**env, "DJANGO_SETTINGS_MODULE": SETTINGS}


def create(folder: Path) -> Path:
    """Make, migrate and collect the static files of a stock project in ``folder``; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    wagtail = Path(sys.executable).parent / "wagtail"
    _run([str(wagtail), "start", PROJECT, str(folder)], cwd=folder, env=dict(os.environ))
    local = folder / PROJECT / "settings" / "local.py"
    local.write_text(
        f"SECRET_KEY = {secrets.token_urlsafe(40)!r}\nALLOWED_HOSTS = ['127.0.0.1', 'localhost', 'testserver']\n",
        encoding="utf-8",
    )
    env = environment(folder)
    _run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=folder, env=env)
    _run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=folder, env=env)
    return folder
