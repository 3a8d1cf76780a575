"""Briefings made in the background, so a staff page can show progress.

Two stores with one interface (``get``, ``find``, ``start``), chosen by ``make_store``:

- ``RqJobStore`` when ``WESTCC_REDIS_URL`` is set: jobs go on the ``westcc-briefings`` RQ
  queue in Redis and an RQ worker process (``flask --app westcc_voice briefings worker``)
  draws them; status, progress and the finished briefing live in Redis, so any app
  instance can show a job another one started. A finished job is kept ``ttl`` seconds.
- ``JobStore`` otherwise (``make run``): one worker thread in this process, jobs kept in
  its memory, so only this process knows them.

Either way one briefing is drawn at a time per worker, the request that starts a job
builds the Summary first (the database stays at the edge) and the job itself is pure
rendering; finished jobs are reused by wave and scope for ``ttl`` seconds (10 minutes by
default), so the page view, the PDF download and a second request share the work.
Nothing is written to disk.
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
    """One briefing being made. ``key`` is (wave code, scope, document)."""

    id: str
    key: tuple[str, ...]
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
    """In-memory briefing jobs with a time limit, run one at a time in this process."""

    def __init__(self, ttl: float = DEFAULT_TTL) -> None:
        self.ttl = ttl
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing")

    def get(self, job_id: str) -> Job | None:
        self.prune()
        with self._lock:
            return self._jobs.get(job_id)

    def find(self, key: tuple[str, ...]) -> Job | None:
        """The newest unexpired job for a wave and scope that has not failed."""
        self.prune()
        with self._lock:
            jobs = [j for j in self._jobs.values() if j.key == key and j.status != "failed"]
        return max(jobs, key=lambda j: j.started, default=None)

    def start(self, key: tuple[str, ...], summary: Summary | None, *, school: str | None,
              rolls: dict[str, int] | None = None, want_pdf: bool,
              document: str = "short", school_name: str | None = None) -> Job:
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
        self._executor.submit(self._run, job, summary, school, dict(rolls or {}), document,
                              school_name)
        return job

    def _run(self, job: Job, summary: Summary, school: str | None,
             rolls: dict[str, int], document: str = "short",
             school_name: str | None = None) -> None:
        job.status = "running"
        try:
            job.briefing = build_briefing(summary, school=school, rolls=rolls,
                                          progress=job.progress, document=document,
                                          school_name=school_name)
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


# --- several instances: RQ on Redis ---------------------------------------------------------

QUEUE = "westcc-briefings"
#: Redis key naming the newest job for a wave and scope.
KEY_PREFIX = "westcc:briefing:"
#: Longest a briefing may take before the worker gives up on it.
JOB_TIMEOUT = 600
_RQ_STATUS = {"queued": "queued", "deferred": "queued", "scheduled": "queued",
              "created": "queued", "ready_to_enqueue": "queued", "started": "running",
              "finished": "done"}


class RqJobStore:
    """Briefing jobs on an RQ queue: any instance sharing the Redis sees every job."""

    def __init__(self, redis, ttl: float = DEFAULT_TTL) -> None:
        from rq import Queue

        self.redis = redis
        self.ttl = int(ttl)
        self.queue = Queue(QUEUE, connection=redis)

    def get(self, job_id: str) -> Job | None:
        from rq.exceptions import NoSuchJobError
        from rq.job import Job as RqJob

        try:
            found = RqJob.fetch(job_id, connection=self.redis)
        except NoSuchJobError:
            return None
        return _as_job(found)

    def find(self, key: tuple[str, ...]) -> Job | None:
        job_id = self.redis.get(_redis_key(key))
        job = self.get(job_id.decode("ascii")) if job_id else None
        return None if job is None or job.status == "failed" else job

    def start(self, key: tuple[str, ...], summary: Summary | None, *, school: str | None,
              rolls: dict[str, int] | None = None, want_pdf: bool,
              document: str = "short", school_name: str | None = None) -> Job:
        """Reuse the job for the same briefing when there is one, else queue one."""
        job = self.find(key)
        if job is not None:
            if want_pdf and not job.want_pdf:
                # The PDF is laid out from the drawn briefing, once that job has finished.
                job = self._enqueue(key, add_pdf, (job.id,), want_pdf=True, depends_on=job.id)
            return job
        if summary is None:
            raise ValueError("no summary to make a new briefing from")
        return self._enqueue(key, make_briefing,
                             (summary, school, dict(rolls or {}), want_pdf, document,
                              school_name),
                             want_pdf=want_pdf)

    def _enqueue(self, key: tuple[str, ...], func, args: tuple, *, want_pdf: bool,
                 depends_on: str | None = None) -> Job:
        meta = {"key": list(key), "want_pdf": want_pdf, "step": Job.step, "done": 0,
                "total": 0}
        queued = self.queue.enqueue_call(
            func, args=args, job_id=uuid.uuid4().hex, meta=meta, timeout=JOB_TIMEOUT,
            result_ttl=self.ttl, failure_ttl=self.ttl, depends_on=depends_on,
            description=f"briefing {' '.join(key)}")
        self.redis.set(_redis_key(key), queued.id, ex=JOB_TIMEOUT + self.ttl)
        return _as_job(queued)

    def shutdown(self) -> None:
        """Nothing runs in this process: the worker process finishes what it started."""

    def wait(self, job: Job, timeout: float = 120.0) -> Job:
        """Poll until a job ends (for callers without a page to poll, and tests)."""
        deadline = time.monotonic() + timeout
        while job.status in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.1)
            job = self.get(job.id) or job
        return job


def _redis_key(key: tuple[str, ...]) -> str:
    return KEY_PREFIX + ":".join(key)


def _as_job(found) -> Job:
    """The RQ job as the pages see a job: status, progress, and the result when done."""
    meta = found.get_meta(refresh=False)
    state = found.get_status(refresh=False)
    status = _RQ_STATUS.get(str(getattr(state, "value", state)), "failed")
    job = Job(found.id, tuple(meta.get("key", ("", ""))), bool(meta.get("want_pdf")),
              status=status, step=meta.get("step", Job.step), done=meta.get("done", 0),
              total=meta.get("total", 0))
    if status == "done":
        result = found.return_value() or {}
        job.briefing, job.pdf, job.pages = (result.get("briefing"), result.get("pdf"),
                                            result.get("pages", 0))
        if job.briefing is None:  # the result expired between two reads
            job.status, job.error = "failed", "the finished briefing has expired"
    elif status == "failed":
        latest = found.latest_result()
        detail = (latest.exc_string or "").strip().splitlines() if latest else []
        job.error = detail[-1] if detail else "the briefing job stopped"
    return job


def _report_progress(step: str, done: int, total: int) -> None:
    """Progress of the running RQ job, for the status page on any instance."""
    from rq import get_current_job

    current = get_current_job()
    if current is not None:
        current.meta.update(step=step, done=done, total=total)
        current.save_meta()


def make_briefing(summary: Summary, school: str | None, rolls: dict[str, int],
                  want_pdf: bool, document: str = "short",
                  school_name: str | None = None) -> dict:
    """The RQ job: draw the briefing and, when asked, lay out its PDF."""
    briefing = build_briefing(summary, school=school, rolls=rolls, progress=_report_progress,
                              document=document, school_name=school_name)
    result = {"briefing": briefing, "pdf": None, "pages": 0}
    if want_pdf:
        result.update(_pdf(briefing))
    return result


def add_pdf(previous_id: str) -> dict:
    """The RQ job that lays out the PDF of a briefing an earlier job drew."""
    from rq import get_current_job
    from rq.job import Job as RqJob

    earlier = RqJob.fetch(previous_id, connection=get_current_job().connection).return_value()
    if not earlier:
        raise RuntimeError("the drawn briefing expired before its PDF was laid out")
    return {**earlier, **_pdf(earlier["briefing"])}


def _pdf(briefing: Briefing) -> dict:
    _report_progress("Laying out pages", 0, 1)
    rendered = render_pdf(briefing)
    return {"pdf": rendered.data, "pages": rendered.pages}


def make_store(redis=None, ttl: float = DEFAULT_TTL) -> JobStore | RqJobStore:
    """RQ on Redis when there is a Redis connection, else this process's own thread."""
    return RqJobStore(redis, ttl) if redis is not None else JobStore(ttl)


def run_worker(redis, *, burst: bool = False) -> bool:
    """Work the briefing queue (what `flask briefings worker` runs); True if jobs ran."""
    from rq import Worker

    return Worker([QUEUE], connection=redis).work(burst=burst, with_scheduler=False)
