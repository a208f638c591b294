"""A posting process killed with SIGKILL half-way, then run again, leaves clean books.

The posting runs as the real `jamsos contributions post` command in its own process,
against a database file (SQLite) or a database of its own on the harness's PostgreSQL
server, in small chunks so that the kill lands after some chunks have committed. On
PostgreSQL the test also holds a lock on one worker's row, so the chunk in flight is
stuck at its COMMIT with all its writes done when the kill arrives. After the re-run,
`jamsos ledger verify` must be clean and every balance equal to that of a single
uninterrupted run on a copy of the same books.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
JAMSOS = Path(sys.executable).parent / "jamsos"
CHUNK = "20"


class Books:
    """A database the subprocesses use: a SQLite file, or a PostgreSQL database."""

    def __init__(self, engine: str, tmp_path: Path, name: str, server: dict | None) -> None:
        self.engine, self.name, self.server = engine, name, server
        self.path = tmp_path / f"{name}.sqlite3"
        self.var = tmp_path / "var"

    @property
    def url(self) -> str:
        if self.engine == "sqlite":
            return f"sqlite:///{self.path}"
        s = self.server
        return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{self.name}"

    def env(self) -> dict[str, str]:
        return os.environ | {
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "PYTHONPATH": str(REPO),
            "DATABASE_URL": self.url,
            "JAMSOS_VAR_DIR": str(self.var),
        }

    def admin(self, sql: str) -> None:
        import psycopg

        s = self.server
        with psycopg.connect(
            host=s["HOST"],
            port=s["PORT"],
            user=s["USER"],
            password=s["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as connection:
            connection.execute(sql)

    def create(self) -> None:
        if self.engine == "postgresql":
            self.admin(f"CREATE DATABASE {self.name}")

    def copy_to(self, other: Books) -> None:
        if self.engine == "sqlite":
            shutil.copyfile(self.path, other.path)
        else:
            other.admin(f"CREATE DATABASE {other.name} TEMPLATE {self.name}")

    def drop(self) -> None:
        if self.engine == "postgresql":
            self.admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            args, cwd=REPO, env=self.env(), capture_output=True, text=True, timeout=300
        )
        if check and result.returncode != 0:
            raise AssertionError(f"{args} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def helper(self, action: str) -> dict:
        result = self.run(sys.executable, "-m", "tests.ledger.crash_books", action)
        return json.loads(result.stdout.strip().splitlines()[-1])

    def post(self, *extra: str) -> subprocess.CompletedProcess:
        return self.run(str(JAMSOS), "contributions", "post", "--chunk-size", CHUNK, *extra)


@pytest.fixture
def server(database_engine, django_db_setup):
    if database_engine == "sqlite":
        return None
    from django.conf import settings

    return settings.DATABASES["default"]


@pytest.fixture
def books(database_engine, tmp_path, server):
    made = []

    def make(name: str) -> Books:
        book = Books(database_engine, tmp_path, f"jamsos_crash_{os.getpid()}_{name}", server)
        made.append(book)
        return book

    yield make
    for book in made:
        book.drop()


def _hold_row_lock(book: Books, participant_id: int):
    """Another session's FOR UPDATE on a worker: a chunk posting them waits at COMMIT."""
    import psycopg

    s = book.server
    connection = psycopg.connect(
        host=s["HOST"],
        port=s["PORT"],
        user=s["USER"],
        password=s["PASSWORD"] or None,
        dbname=book.name,
    )
    connection.execute(
        "SELECT id FROM registry_participant WHERE id = %s FOR UPDATE", [participant_id]
    )
    return connection


def _wait_until_stuck(book: Books, timeout: float = 30) -> None:
    import psycopg

    s = book.server
    deadline = time.monotonic() + timeout
    with psycopg.connect(
        host=s["HOST"],
        port=s["PORT"],
        user=s["USER"],
        password=s["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        while time.monotonic() < deadline:
            waiting = connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND wait_event_type = 'Lock'",
                [book.name],
            ).fetchone()[0]
            if waiting:
                return
            time.sleep(0.05)
    raise AssertionError("the posting process never reached the locked row")


def test_a_posting_killed_mid_way_and_run_again_leaves_the_books_of_a_single_run(
    books, database_engine
):
    crashed, clean = books("crashed"), books("clean")
    crashed.create()
    locked = crashed.helper("setup")["lock_participant"]
    crashed.copy_to(clean)

    lock = _hold_row_lock(crashed, locked) if database_engine == "postgresql" else None
    pause = ["--pause", "0.2"] if lock is None else []
    process = subprocess.Popen(
        [str(JAMSOS), "contributions", "post", "--chunk-size", CHUNK, *pause],
        cwd=REPO,
        env=crashed.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        committed = []
        for line in process.stdout:
            if line.startswith("chunk "):
                committed.append(line)
            if len(committed) == 2:
                break
        assert len(committed) == 2, process.stderr.read()
        if lock is not None:
            _wait_until_stuck(crashed)  # a later chunk has written everything, waits to commit
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        if lock is not None:
            lock.close()
    assert process.returncode == -signal.SIGKILL

    half = crashed.helper("dump")
    assert 0 < half["entries"] < 240, "the kill must land in the middle of the posting"
    interrupted = crashed.run(str(JAMSOS), "ledger", "verify", check=False)
    assert interrupted.returncode == 1 and "not fully posted" in interrupted.stderr

    rerun = crashed.post()
    assert "Dibukukan / posted" in rerun.stdout
    verified = crashed.run(str(JAMSOS), "ledger", "verify", check=False)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("OK: 120 accounts, 240 entries, 6 invoices")

    clean.post()
    assert crashed.helper("dump") == clean.helper("dump")
    assert crashed.post().stdout.strip().endswith("0 invoices, 0 lines in 0 chunks")
