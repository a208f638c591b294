"""Test harness: every test runs against the engine chosen with --engine.

``--engine=postgresql`` (the default) starts a throw-away PostgreSQL cluster from the
local server binaries through tests/pg/pg_ctl, which re-runs pg_ctl as the
``postgres`` user when the suite runs as root. ``--engine=sqlite`` uses an SQLite file.
With CI=true a missing PostgreSQL fails the run instead of skipping it.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from pytest_postgresql import factories

PG_CTL_WRAPPER = Path(__file__).parent / "pg" / "pg_ctl"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        choices=["postgresql", "sqlite"],
        default=os.environ.get("JAMSOS_TEST_ENGINE", "postgresql"),
        help="database engine for the test run",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "engine: which database engine the run uses")


def pytest_report_header(config: pytest.Config) -> str:
    return f"jamsos database engine: {config.getoption('--engine')}"


def _postgresql_available() -> bool:
    return bool(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")) and (
        os.geteuid() != 0 or shutil.which("runuser") is not None
    )


postgresql_server = factories.postgresql_proc(
    executable=str(PG_CTL_WRAPPER), dbname="jamsos_harness"
)


@pytest.fixture(scope="session")
def database_engine(request: pytest.FixtureRequest) -> str:
    return request.config.getoption("--engine")


def _use_database(settings_dict: dict) -> None:
    from django.conf import settings
    from django.db import connections

    settings.DATABASES["default"] = settings_dict
    # The connection handler read DATABASES when Django started; make it read them again.
    connections.close_all()
    connections.__dict__.pop("settings", None)
    for alias in list(connections):
        with contextlib.suppress(AttributeError):
            del connections[alias]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request: pytest.FixtureRequest,
    database_engine: str,
    django_db_modify_db_settings_parallel_suffix: None,
) -> None:
    if database_engine == "sqlite":
        # An in-memory test database; WAL and the other pragmas only matter for files.
        _use_database({"ENGINE": "django.db.backends.sqlite3", "NAME": "jamsos-test.sqlite3"})
        return
    if not _postgresql_available():
        message = "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message}; CI requires PostgreSQL", pytrace=False)
        pytest.skip(message)
    server = request.getfixturevalue("postgresql_server")
    _use_database(
        {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "jamsos",
            "USER": server.user,
            "PASSWORD": server.password or "",
            "HOST": server.host,
            "PORT": str(server.port),
            "TEST": {"NAME": "jamsos_test"},
        }
    )


@pytest.fixture(autouse=True)
def _skip_postgresql_only_tests_on_sqlite(
    request: pytest.FixtureRequest, database_engine: str
) -> None:
    if request.node.get_closest_marker("postgresql_only") and database_engine != "postgresql":
        pytest.skip("needs PostgreSQL")


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(
        (marker is not None and marker.kwargs.get("transaction"))
        or {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.fixture(autouse=True)
def _empty_the_audit_log_before_the_flush(
    request: pytest.FixtureRequest, database_engine: str
) -> Iterator[None]:
    """Empty the audit log, with its triggers off, before a transactional test's flush.

    That flush is a TRUNCATE on PostgreSQL, and the trigger refuses to TRUNCATE an
    audit log with rows in it. The test database user is a superuser, so it may turn
    the triggers off as an attacker would. Requesting pytest-django's database
    fixture from here makes this teardown run before the flush.
    """
    if database_engine != "postgresql" or not _is_transactional(request.node):
        yield
        return
    request.getfixturevalue("_django_db_helper")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute("TRUNCATE audit_event, audit_chain_head")
        finally:
            cursor.execute("RESET session_replication_role")


@pytest.fixture(autouse=True)
def _steady_per_process_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Per-process caches and housekeeping that would make query counts vary between runs.

    The maintenance snapshot is re-read every 15 s and the rate limiter purges old counters
    now and then at random. Each test starts with "no maintenance windows", trusted for the
    whole test, and without purges; the maintenance tests reset the snapshot themselves.
    """
    from jamsos.ops import maintenance, ratelimit

    monkeypatch.setattr(ratelimit, "_PURGE_PROBABILITY", 0.0)
    monkeypatch.setattr(maintenance, "_snapshot", ((), float("inf")))
    yield
    maintenance.forget_cached_windows()
