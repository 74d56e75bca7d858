"""The production smoke test: collected only by `make smoke` (RELIEVE_PRODUCTION_SMOKE=1).

It starts its own processes (gunicorn, the task worker, the engine) against a database of its
own on the PostgreSQL server, so it runs apart from the unit suite; `.ci/run` runs it on every
submission. It needs no Django test database: everything happens over HTTP and `manage.py`.
"""

import os

import pytest

from tests.production.stack import ProductionStack

collect_ignore_glob = [] if os.environ.get("RELIEVE_PRODUCTION_SMOKE") else ["test_*.py"]


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    stack = ProductionStack(workdir=tmp_path_factory.mktemp("production"))
    try:
        stack.prepare_database()
        stack.start_engine()
        stack.manage("migrate", "--noinput")
        stack.manage("collectstatic", "--noinput")
        stack.manage("load_demo", "--therapists", "60")
        stack.manage("rebuild_directory_index")
        stack.start_worker()
        stack.start_web(workers=3)
        yield stack
    finally:
        stack.shutdown()
