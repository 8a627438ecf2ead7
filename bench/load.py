"""Simulated users against running app replicas, at the protocol level (``bench.loadclient``).

Each user repeats the journey of issue 14 until the run ends: open the app, log in, open the
staff self-assessment, answer 5 questions, save the draft, thinking 1-3 s between actions;
each journey is a new connection and a new login. Users start spread over a ramp. A sampler
reads each replica's resident memory and CPU time from /proc once a second.
"""

from __future__ import annotations

import asyncio
import os
import random
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.loadclient import AppClient, ProtocolError

INTERACTIONS = ("login", "page", "answer", "save")
PASSWORD = "bench load password"
ANSWERS = 5


@dataclass
class Sample:
    seconds: float  # since the run started
    rss_mib: float
    cpu_seconds: float  # the process's user + system time so far


@dataclass
class LoadResult:
    """One run: timings per interaction type, errors, and each replica's samples."""

    users: int
    replicas: int
    seconds: float
    timings: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in INTERACTIONS})
    errors: list[str] = field(default_factory=list)
    samples: dict[int, list[Sample]] = field(default_factory=dict)  # by replica pid

    @property
    def interactions(self) -> int:
        return sum(len(v) for v in self.timings.values())

    @property
    def rate(self) -> float:
        """Interactions completed per second of the run."""
        return self.interactions / self.seconds if self.seconds else 0.0

    def percentile(self, kind: str, q: float) -> float | None:
        """The ``q``-th percentile (0-100) of ``kind``'s seconds, or None if none ran."""
        values = sorted(self.timings[kind])
        if not values:
            return None
        return values[min(len(values) - 1, max(0, round(q / 100 * len(values) + 0.5) - 1))]

    def cpu_share(self, pid: int) -> float | None:
        """The replica's CPU seconds per second of the run (1.0 = one core)."""
        samples = self.samples.get(pid, [])
        if len(samples) < 2:
            return None
        first, last = samples[0], samples[-1]
        return (last.cpu_seconds - first.cpu_seconds) / (last.seconds - first.seconds)


def _proc(pid: int) -> tuple[float, float]:
    """Resident MiB and CPU seconds of process ``pid`` (Linux /proc)."""
    pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20, (int(stat[11]) + int(stat[12])) / ticks


def _sampler(pids: Sequence[int], result: LoadResult, stop: threading.Event) -> None:
    start = time.monotonic()
    while True:
        for pid in pids:
            try:
                rss, cpu = _proc(pid)
            except (OSError, ValueError, IndexError):
                continue
            result.samples.setdefault(pid, []).append(Sample(time.monotonic() - start, rss, cpu))
        if stop.wait(1.0):
            return


class _RunOver(Exception):
    """The run's time is up: the user stops between two actions."""


async def _think(think: tuple[float, float], until: float) -> None:
    if time.monotonic() >= until:
        raise _RunOver
    await asyncio.sleep(random.uniform(*think))


async def journey(
    ws_url: str,
    username: str,
    address: str | None,
    think: tuple[float, float],
    result: LoadResult,
    until: float = float("inf"),
) -> None:
    """One visit: connect, log in, open the assessment, answer, save (errors in ``result``)."""
    client = AppClient(ws_url, address)
    step = "page"

    def record(kind: str, run) -> None:
        if run.errors:
            raise ProtocolError("; ".join(run.errors)[:300])
        result.timings[kind].append(run.seconds)

    try:
        await client.connect()
        record("page", await client.open_page(""))
        await _think(think, until)
        step = "login"
        client.fill(client.widget("text_input", "Username"), username)
        client.fill(client.widget("text_input", "Password"), PASSWORD)
        run = await client.click(client.widget("button", "Log in"))
        record("login", run)
        if "assessment" not in client.pages:
            raise ProtocolError("still at the login page after logging in")
        await _think(think, until)
        step = "page"
        record("page", await client.open_page("assessment"))
        step = "answer"
        for question in client.radios("**")[:ANSWERS]:
            await _think(think, until)
            record("answer", await client.choose(question, question.options[0]))
        await _think(think, until)
        step = "save"
        run = await client.click(client.widget("button", "Save draft"))
        record("save", run)
        if not any(t.startswith("Draft saved") for t in run.texts):
            raise ProtocolError("the draft was not saved")
    except ProtocolError as exc:
        result.errors.append(f"{step}: {exc}")
    except _RunOver:
        pass
    finally:
        await client.close()


async def _user(
    n: int,
    ws_url: str,
    username: str,
    ramp: float,
    think: tuple[float, float],
    until: float,
    result: LoadResult,
) -> None:
    await asyncio.sleep(ramp * n / max(1, result.users))
    # One loopback address per user: nginx pins clients by address, as it pins people.
    address = f"127.0.{1 + n // 250}.{2 + n % 250}"
    while time.monotonic() < until:
        await journey(ws_url, username, address, think, result, until)


def warm_up(ws_url: str, username: str) -> list[str]:
    """One journey without thinking, as a replica serves before it is measured (imports,
    the cached knowledge base and engine); the errors it met."""
    result = LoadResult(users=1, replicas=1, seconds=0.0)
    asyncio.run(journey(ws_url, username, None, (0.0, 0.0), result))
    return result.errors


def run_load(
    ws_url: str,
    usernames: Sequence[str],
    seconds: float,
    pids: Sequence[int],
    replicas: int,
    ramp: float = 10.0,
    think: tuple[float, float] = (1.0, 3.0),
) -> LoadResult:
    """``len(usernames)`` users on ``ws_url`` for ``seconds`` (an action under way finishes);
    ``pids`` are the replicas' processes, sampled once a second."""
    result = LoadResult(users=len(usernames), replicas=replicas, seconds=0.0)
    stop = threading.Event()
    sampler = threading.Thread(target=_sampler, args=(pids, result, stop), daemon=True)
    sampler.start()
    start = time.monotonic()

    async def main() -> None:
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(
                _user(n, ws_url, name, ramp, think, until, result)
                for n, name in enumerate(usernames)
            )
        )

    try:
        asyncio.run(main())
    finally:
        result.seconds = time.monotonic() - start
        stop.set()
        sampler.join(5)
    return result
