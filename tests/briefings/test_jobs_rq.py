"""With Redis, briefing jobs go on an RQ queue: any instance sees them, a worker draws them."""

from __future__ import annotations

import pytest
from rq import SimpleWorker

from westcc_voice.briefings import jobs

from ..helpers import gen_staff, using_redis
from .test_views import WAVE, follow

STORE = "westcc_briefing_jobs"


@pytest.fixture
def queue_redis(app):
    """The app with briefing jobs on RQ in the test Redis."""
    app.extensions.pop(STORE, None)
    with using_redis(app) as client:
        yield client
    app.extensions.pop(STORE, None)


def _work(connection) -> None:
    """What the worker process does, here in the test's own process."""
    SimpleWorker([jobs.QUEUE], connection=connection).work(burst=True)


def _another_instance(app) -> None:
    """Forget this process's store, as a second app instance would have none of it."""
    app.extensions.pop(STORE, None)


@pytest.mark.slow
def test_a_job_queued_on_one_instance_is_drawn_by_the_worker_and_read_on_another(
        queue_redis, app, client, actions, db, demo):
    actions.login(gen_staff(db, "steering"))
    started = client.get(f"/staff/briefings/{WAVE}/partnership/")
    assert started.status_code == 302
    status_url = started.headers["Location"]
    waiting = client.get(status_url)
    assert waiting.status_code == 200 and b"Preparing the briefing" in waiting.data
    assert isinstance(app.extensions[STORE], jobs.RqJobStore)

    _another_instance(app)
    _work(queue_redis)
    response, _ = follow(client, client.get(status_url))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "All WEST schools" in page and "Download the PDF" in page

    # The PDF is laid out from the briefing already drawn, by the worker again.
    _another_instance(app)
    pdf_start = client.get(f"/staff/briefings/{WAVE}/partnership/briefing.pdf")
    assert pdf_start.status_code == 302 and "/jobs/" in pdf_start.headers["Location"]
    _work(queue_redis)
    pdf, _ = follow(client, pdf_start)
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")


def test_a_failed_job_says_why_and_is_not_reused(queue_redis, app):
    store = jobs.RqJobStore(queue_redis)
    key = ("2026-autumn", "partnership")
    job = store.start(key, "not a summary", school=None, want_pdf=False)  # type: ignore[arg-type]
    assert job.status == "queued" and store.find(key).id == job.id
    _work(queue_redis)
    failed = jobs.RqJobStore(queue_redis).get(job.id)
    assert failed.status == "failed"
    assert "Error" in failed.error  # the exception's last line, quoted on the status page
    assert store.find(key) is None


def test_an_unknown_job_is_not_found_on_any_instance(queue_redis, app):
    assert jobs.RqJobStore(queue_redis).get("0123456789abcdef") is None



def test_the_worker_command_says_it_needs_redis(app, runner):
    out = runner.invoke(args=["worker", "--burst"])
    assert out.exit_code == 1
    assert "WESTCC_REDIS_URL is not set" in out.output

