"""SQLite's writers queue at the file's gate: in order, the ingest lane first, none lost.

The gate exists for latency (a webhook's insert must not lose SQLite's busy-handler
lottery to a backlog's work); these tests pin its order and that it always opens again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from storage.engine import create_engine
from storage.sqlite_gate import gate_for, run_as_ingest


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'gate.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE log (id INTEGER PRIMARY KEY, who TEXT)"))
    yield engine
    engine.dispose()


def write(engine: Engine, who: str) -> None:
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO log (who) VALUES (:who)"), {"who": who})


def written(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(text("SELECT who FROM log ORDER BY id"))]


def wait_for_waiters(engine: Engine, count: int) -> None:
    gate = gate_for(str(Path(engine.url.database or "").resolve()))
    deadline = time.monotonic() + 10
    while gate.waiting < count:
        assert time.monotonic() < deadline, "the writer never reached the gate"
        time.sleep(0.005)


def test_a_waiting_ingest_write_goes_before_earlier_waiting_work(engine: Engine) -> None:
    inside, release = threading.Event(), threading.Event()

    def holder() -> None:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO log (who) VALUES ('holder')"))
            inside.set()
            release.wait(10)

    threads = [threading.Thread(target=holder)]
    threads[0].start()
    assert inside.wait(10)
    threads.append(threading.Thread(target=write, args=(engine, "work")))
    threads[-1].start()
    wait_for_waiters(engine, 1)
    threads.append(threading.Thread(target=run_as_ingest, args=(write, engine, "ingest")))
    threads[-1].start()
    wait_for_waiters(engine, 2)
    release.set()
    for thread in threads:
        thread.join(10)

    assert written(engine) == ["holder", "ingest", "work"]


def test_many_threads_writing_at_once_all_commit_without_a_locked_error(engine: Engine) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(20):
                if n % 2:
                    run_as_ingest(write, engine, f"ingest-{n}-{i}")
                else:
                    write(engine, f"work-{n}-{i}")
        except BaseException as error:  # collected: a thread's exception would vanish
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert len(written(engine)) == 12 * 20


def test_a_failed_transaction_opens_the_gate_again(engine: Engine) -> None:
    with pytest.raises(RuntimeError), engine.begin() as connection:
        connection.execute(text("INSERT INTO log (who) VALUES ('rolled back')"))
        raise RuntimeError("the step failed")

    done = threading.Thread(target=write, args=(engine, "next"))
    done.start()
    done.join(5)

    assert not done.is_alive()
    assert written(engine) == ["next"]
