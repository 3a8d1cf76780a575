r"""Benchmark: processor time per submission in-process, and what share is text work.

    .venv/bin/python bench/submit_cpu.py                       # this tree, 300 submits
    .venv/bin/python bench/submit_cpu.py --compare d3db311     # and that commit, same run

Posts N full Years 3 to 6 answers (tests/servers.py, the body bench_submit.py posts)
to /api/submissions through Flask's test client, on a fresh SQLite database, after a
warm-up; each with a fresh submission UUID. Printed per round: processor time per
submission (``time.process_time``: this process only, so a busy host changes it less
than wall time), the part spent redacting and scanning free text (timed around
``IntakeEnv.redact`` and ``IntakeEnv.scan``), the rest, SQL statements per submission,
and the bare app (bench/bare_app.py) through its own test client in the same process.

With ``--compare REV`` the same measurement runs on a copy of commit REV
(``git archive``, in a temporary folder) in a child process, alternating rounds with this
tree, so both face the same host.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parents[1]


def measure(tree: Path, submits: int) -> dict[str, float]:
    """One round in this process on the code in ``tree``: ms of processor time per submit."""
    sys.path.insert(0, str(tree))
    from sqlalchemy import event

    from bench import bare_app
    from tests import servers
    from westcc_voice import create_app, warm_up_text_pipeline
    from westcc_voice.collect import intake

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/real.sqlite"
        code = servers.prepare(url)
        os.environ.update({"WESTCC_DATABASE_URL": url, "WESTCC_SECRET_KEY": "load-test",
                           **servers._NO_LIMITS})
        app = create_app()
        warm_up_text_pipeline(app)
        bare_app.DATABASE = f"{tmp}/bare.sqlite"
        bare_app.create_database(bare_app.DATABASE)

        text = [0.0]

        def timed(method):
            def wrapper(*args, **kwargs):
                started = time.process_time()
                try:
                    return method(*args, **kwargs)
                finally:
                    text[0] += time.process_time() - started
            return wrapper

        intake.IntakeEnv.redact = timed(intake.IntakeEnv.redact)
        intake.IntakeEnv.scan = timed(intake.IntakeEnv.scan)
        # Statements as SQLite itself is given them (its trace callback, on connections made
        # from here on): BEGIN goes straight to the driver, past SQLAlchemy's events.
        # COMMIT is not counted, as it was not when the events counted.
        statements = [0]

        def note(statement: str) -> None:
            if statement not in ("COMMIT", "ROLLBACK"):
                statements[0] += 1

        engine = app.extensions["westcc_db"]["engine"]
        engine.dispose()
        event.listen(engine, "connect",
                     lambda dbapi_connection, _record: dbapi_connection.set_trace_callback(note))

        def run(client, count: int) -> float:
            bodies = [servers.submission_body(code, str(uuid.uuid4())) for _ in range(count)]
            started = time.process_time()
            for body in bodies:
                reply = client.post("/api/submissions", data=body,
                                    content_type="application/json")
                if reply.status_code != 201:
                    raise RuntimeError(f"{reply.status_code}: {reply.get_data(as_text=True)}")
            return (time.process_time() - started) * 1000 / count

        real, bare = app.test_client(), bare_app.app.test_client()
        run(real, 30)
        run(bare, 30)
        text[0], statements[0] = 0.0, 0
        real_ms = run(real, submits)
        text_ms, per_submit = text[0] * 1000 / submits, statements[0] / submits
        bare_ms = run(bare, submits)
        app.extensions["westcc_db"]["engine"].dispose()
    return {"real_ms": real_ms, "text_ms": text_ms, "rest_ms": real_ms - text_ms,
            "statements": per_submit, "bare_ms": bare_ms}


def child(tree: Path, submits: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, str(HERE), "--child", str(tree), "--submits",
                           str(submits)], env=env, capture_output=True, text=True,
                          check=False, timeout=900)
    if done.returncode:
        raise SystemExit(f"the round on {tree} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submits", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--compare", metavar="REV",
                        help="a git revision to measure in the same run, alternating")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, args.submits)))
        return 0
    trees = {"this tree": ROOT}
    with tempfile.TemporaryDirectory(prefix="westcc-compare-") as tmp:
        if args.compare:
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.compare],
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            trees = {args.compare: Path(tmp), **trees}
        print(f"{'code':<12} {'round':>5} {'ms/submit':>10} {'text ms':>8} {'rest ms':>8} "
              f"{'SQL/submit':>10} {'bare ms':>8}")
        for number in range(1, args.rounds + 1):
            for name, tree in trees.items():
                row = child(tree, args.submits)
                print(f"{name:<12} {number:>5} {row['real_ms']:>10.2f} {row['text_ms']:>8.2f} "
                      f"{row['rest_ms']:>8.2f} {row['statements']:>10.1f} "
                      f"{row['bare_ms']:>8.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
