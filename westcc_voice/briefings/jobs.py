"""Briefings made in the background, so a staff page can show progress.

A job draws one briefing (and, when asked, lays out its PDF) on a single worker thread:
one briefing at a time, so two requests never compete for the CPU or for matplotlib's
settings. The request that starts a job builds the Summary first (the database stays at
the edge); the job itself is pure rendering.

Finished jobs are kept in memory for ``ttl`` seconds (10 minutes by default), keyed by
wave and scope, so the page view, the PDF download and a second request for the same
briefing reuse the work. Nothing is written to disk. With several worker processes each
has its own jobs: see docs/briefings.md.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..analysis.summary import Summary
from .build import Briefing, build_briefing
from .pdf import render_pdf

log = logging.getLogger(__name__)

DEFAULT_TTL = 600.0


@dataclass
class Job:
    """One briefing being made. ``key`` is (wave code, scope)."""

    id: str
    key: tuple[str, str]
    want_pdf: bool
    status: str = "queued"  # queued | running | done | failed
    step: str = "Waiting for another briefing to finish"
    done: int = 0
    total: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    briefing: Briefing | None = None
    pdf: bytes | None = None
    pages: int = 0
    error: str = ""

    @property
    def ready(self) -> bool:
        return self.status == "done" and (self.pdf is not None or not self.want_pdf)

    @property
    def percent(self) -> int:
        """Rough progress for the status page: charts are most of the work, then pages."""
        if self.ready:
            return 100
        if self.step.startswith("Drawing") and self.total:
            return 5 + int(60 * self.done / self.total)
        if self.step.startswith("Laying"):
            return 70
        return 2

    def progress(self, step: str, done: int, total: int) -> None:
        self.step, self.done, self.total = step, done, total


class JobStore:
    """In-memory briefing jobs with a time limit, run one at a time."""

    def __init__(self, ttl: float = DEFAULT_TTL) -> None:
        self.ttl = ttl
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing")

    def get(self, job_id: str) -> Job | None:
        self.prune()
        with self._lock:
            return self._jobs.get(job_id)

    def find(self, key: tuple[str, str]) -> Job | None:
        """The newest unexpired job for a wave and scope that has not failed."""
        self.prune()
        with self._lock:
            jobs = [j for j in self._jobs.values() if j.key == key and j.status != "failed"]
        return max(jobs, key=lambda j: j.started, default=None)

    def start(self, key: tuple[str, str], summary: Summary | None, *, school: str | None,
              rolls: dict[str, int] | None = None, want_pdf: bool) -> Job:
        """Reuse a job for the same briefing when there is one, else start one.

        ``summary`` may be None only when a job for ``key`` exists (the caller checked
        with ``find``)."""
        with self._lock:
            current = [j for j in self._jobs.values() if j.key == key and j.status != "failed"
                       and not self._expired(j)]
            job = max(current, key=lambda j: j.started, default=None)
            if job is not None:
                if want_pdf and not job.want_pdf:
                    job.want_pdf = True
                    if job.status == "done":
                        job.status = "queued"
                        job.step = "Laying out pages"
                        self._executor.submit(self._pdf_only, job)
                return job
            if summary is None:
                raise ValueError("no summary to make a new briefing from")
            job = Job(uuid.uuid4().hex, key, want_pdf)
            self._jobs[job.id] = job
        self._executor.submit(self._run, job, summary, school, dict(rolls or {}))
        return job

    def _run(self, job: Job, summary: Summary, school: str | None,
             rolls: dict[str, int]) -> None:
        job.status = "running"
        try:
            job.briefing = build_briefing(summary, school=school, rolls=rolls,
                                          progress=job.progress)
            if job.want_pdf:
                self._render(job)
            job.status = "done"
        except Exception as exc:  # noqa: BLE001 - a failed job must say so, not vanish
            log.exception("briefing %s failed", job.key)
            job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"
        job.finished = time.monotonic()

    def _pdf_only(self, job: Job) -> None:
        job.status = "running"
        try:
            self._render(job)
            job.status = "done"
        except Exception as exc:  # noqa: BLE001
            log.exception("briefing PDF %s failed", job.key)
            job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"
        job.finished = time.monotonic()

    @staticmethod
    def _render(job: Job) -> None:
        job.progress("Laying out pages", 0, 1)
        result = render_pdf(job.briefing)
        job.pdf, job.pages = result.data, result.pages

    def _expired(self, job: Job) -> bool:
        return job.finished is not None and time.monotonic() - job.finished > self.ttl

    def prune(self) -> None:
        with self._lock:
            for job_id in [i for i, j in self._jobs.items() if self._expired(j)]:
                del self._jobs[job_id]

    def shutdown(self) -> None:
        """Finish the jobs already started, then stop the worker thread."""
        self._executor.shutdown(wait=True)

    def wait(self, job: Job, timeout: float = 120.0) -> Job:
        """Block until a job ends (for callers without a page to poll, and tests)."""
        deadline = time.monotonic() + timeout
        while job.status in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.05)
        return job
