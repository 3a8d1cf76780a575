r"""Benchmark: submissions per second through the real intake, beside a bare Flask app.

    .venv/bin/python bench/bench_submit.py
    .venv/bin/python bench/bench_submit.py --workers 2 --clients 30 200 --seconds 10
    .venv/bin/python bench/bench_submit.py --clients 30 --rounds 5 --compare 737f47f

In one run, on loopback: gunicorn serves the real app (wsgi:app) on a fresh SQLite
database (migrated, questionnaires loaded, one open class session; tests/servers.py) and,
beside it, a bare Flask app that only inserts the same JSON into SQLite
(bench/bare_app.py), each with the same number of sync workers. wrk (Debian package
``wrk``) posts a full Years 3 to 6 answer, free text included, to /api/submissions on
each, every request with a fresh submission UUID (bench/submit.lua), at each client
count in turn: the bare app first, then the real one. Both get a short warm-up first
(each worker's first request loads the redaction and safeguarding data).

Printed per app and client count: successful submits/s (2xx answers per second),
p50 and p99 latency, errors (non-2xx answers and socket errors), the real app's
submits/s as a share of the bare app's, and the processor time the app's gunicorn
workers spent per successful submit (user and system, read from /proc: steadier than
the rates on a shared host, and what the share follows when the cores are the limit).
At the end the rows stored by the real app are counted against its 201 answers, and the
target is checked: at 30 clients at least half the bare app's submits/s, with p99 under
250 ms.

With ``--compare REV`` the real app as it was at commit REV (``git archive``, in a
temporary folder, its own fresh database) is served too and measured in every round
after the bare app and this tree, so a change is judged against its baseline on the same
host at the same moment; its share of the bare app's rate is printed beside this tree's.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bare_app import create_database  # noqa: E402
from tests import servers  # noqa: E402

LUA = ROOT / "bench" / "submit.lua"
TARGET_SHARE = 0.5
TARGET_P99_MS = 250
TARGET_CLIENTS = 30


def wrk(url: str, body_file: Path, clients: int, seconds: float) -> dict:
    """One wrk run; its JSON line, plus successful submits per second."""
    threads = max(1, min(2, clients))
    done = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{max(1, round(seconds))}s",
         "--timeout", "10s", "-s", str(LUA), url],
        env={**os.environ, "BODY": str(body_file)}, capture_output=True, text=True,
        timeout=seconds + 60, check=True)
    line = [x for x in done.stdout.splitlines() if x.startswith("{")][-1]
    result = json.loads(line)
    errors = result["connect"] + result["read"] + result["write"] + result["timeout"]
    result["socket_errors"] = errors
    result["ok_per_s"] = (result["requests"] - result["non_2xx"]) / result["seconds"]
    return result


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def worker_cpu_seconds(master: int) -> float:
    """User and system processor time, so far, of the gunicorn master's worker processes
    (its children), from /proc; 0.0 where there is no /proc."""
    total = 0
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[1]) == master:
            total += int(fields[11]) + int(fields[12])
    return total / _TICKS


def stored_rows(url: str) -> int:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        return db.execute("SELECT count(*) FROM responses").fetchone()[0]


def warm_up(url: str, body_file: Path, workers: int, seconds: float) -> None:
    """Post until every worker has loaded what its first submission loads (the redaction
    word lists, the safeguarding rules and language models: seconds, once per process):
    a warm-up run counts once it is answered throughout, within at most a minute."""
    for _ in range(max(1, round(60 / max(seconds, 1)))):
        result = wrk(url, body_file, max(4, 2 * workers), seconds)
        ok = result["requests"] - result["non_2xx"]
        if ok >= 5 * workers and result["p99_ms"] < 1000:
            return


@contextlib.contextmanager
def _server_at(rev: str, folder: Path, workers: int, boot: float, join_code: str):
    """gunicorn serving the real app as at git revision ``rev``, on its own fresh database
    prepared by that revision's own code (its translations compiled from this tree's)."""
    tree = folder / "compare"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    for compiled in (ROOT / "westcc_voice" / "translations").glob("*/LC_MESSAGES/*.mo"):
        target = tree / compiled.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(compiled, target)
    url = f"sqlite:///{folder / 'compare.sqlite'}"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    code = subprocess.run([sys.executable, "-c", "import sys; from tests import servers; "
                           "print(servers.prepare(sys.argv[1]))", url], cwd=tree, env=env,
                          capture_output=True, text=True, check=True).stdout.split()[-1]
    if code != join_code:
        raise SystemExit(f"{rev} prepares class session {code!r}, not this tree's "
                         f"{join_code!r}: the same body cannot be posted to both")
    with servers.gunicorn(url, workers, cwd=tree, extra_env={"PYTHONPATH": str(tree)},
                          boot_seconds=boot) as server:
        yield server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2,
                        help="gunicorn sync workers for each app (README: 2)")
    parser.add_argument("--clients", type=int, nargs="+", default=[30, 200])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every client count this many times, bare and real "
                             "in turn, and judge the target on the median share (a shared "
                             "host's rate moves by a third between runs a minute apart)")
    parser.add_argument("--boot", type=float, default=180,
                        help="seconds to wait for gunicorn to answer (each worker loads the "
                             "text pipeline first: minutes on a busy host)")
    parser.add_argument("--compare", metavar="REV",
                        help="also serve the real app as at this git revision, measured "
                             "in every round beside this tree")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        real_url = f"sqlite:///{folder / 'real.sqlite'}"
        code = servers.prepare(real_url)
        bare_path = folder / "bare.sqlite"
        create_database(str(bare_path))
        body_file = folder / "body.json"
        body_file.write_bytes(servers.submission_body(code, "SUBMISSION_ID"))

        print(f"database: SQLite; gunicorn sync workers: {args.workers}; "
              f"{args.seconds:g} s per run; cores: {os.cpu_count()}")
        with contextlib.ExitStack() as stack:
            real = stack.enter_context(servers.gunicorn(real_url, args.workers,
                                                        boot_seconds=args.boot))
            bare = stack.enter_context(servers.gunicorn(
                "", args.workers, app="bench.bare_app:app",
                extra_env={"BARE_DATABASE": str(bare_path)}, boot_seconds=args.boot))
            apps = [("bare", bare), ("real", real)]
            if args.compare:
                apps.append((args.compare[:8], stack.enter_context(
                    _server_at(args.compare, folder, args.workers, args.boot, code))))
            for _name, server in apps:
                warm_up(server.base_url, body_file, args.workers, args.warmup)
            before = stored_rows(real_url)
            print(f"{'app':<8} {'clients':>7} {'submits/s':>10} {'p50 ms':>8} {'p99 ms':>8} "
                  f"{'non-2xx':>8} {'socket':>7} {'x bare':>7} {'CPU ms':>7}")
            rows, real_ok = {}, 0
            shares: dict[tuple[str, int], list[tuple[float, float]]] = {}
            cpus: dict[tuple[str, int], list[float]] = {}
            for _round in range(max(1, args.rounds)):
                for clients in args.clients:
                    for name, server in apps:
                        cpu_before = worker_cpu_seconds(server.process.pid)
                        result = wrk(server.base_url, body_file, clients, args.seconds)
                        ok = result["requests"] - result["non_2xx"]
                        cpu_ms = ((worker_cpu_seconds(server.process.pid) - cpu_before)
                                  * 1000 / max(1, ok))
                        rows[name, clients] = result
                        share = result["ok_per_s"] / rows["bare", clients]["ok_per_s"]
                        if name == "real":
                            real_ok += ok
                        if name != "bare":
                            shares.setdefault((name, clients), []).append(
                                (share, result["p99_ms"]))
                        cpus.setdefault((name, clients), []).append(cpu_ms)
                        print(f"{name:<8} {clients:>7} {result['ok_per_s']:>10.1f} "
                              f"{result['p50_ms']:>8.1f} {result['p99_ms']:>8.1f} "
                              f"{result['non_2xx']:>8} {result['socket_errors']:>7} "
                              f"{share:>7.2f} {cpu_ms:>7.2f}")
        stored = stored_rows(real_url) - before
    print(f"stored by the real app: {stored:,} rows for {real_ok:,} successful answers "
          f"({'all' if stored >= real_ok else 'MISSING some'})")
    if args.rounds > 1:
        for (name, clients), measured in shares.items():
            print(f"{name}: median of {len(measured)} rounds at {clients} clients: share "
                  f"{statistics.median(m[0] for m in measured):.2f} (from "
                  f"{min(m[0] for m in measured):.2f} to {max(m[0] for m in measured):.2f}), "
                  f"p99 {statistics.median(m[1] for m in measured):.0f} ms")
        for (name, clients), measured in cpus.items():
            print(f"{name}: median worker CPU at {clients} clients: "
                  f"{statistics.median(measured):.2f} ms a submit (from {min(measured):.2f} "
                  f"to {max(measured):.2f})")
    if shares.get(("real", TARGET_CLIENTS)):
        measured = shares["real", TARGET_CLIENTS]
        share = statistics.median(m[0] for m in measured)
        p99 = statistics.median(m[1] for m in measured)
        met = share >= TARGET_SHARE and p99 < TARGET_P99_MS
        how = "median " if len(measured) > 1 else ""
        print(f"target at {TARGET_CLIENTS} clients: at least {TARGET_SHARE:.0%} of the bare "
              f"app's submits/s and p99 under {TARGET_P99_MS} ms: {how}{share:.0%}, "
              f"p99 {p99:.0f} ms: {'met' if met else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
