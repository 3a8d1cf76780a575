r"""Benchmark: build the Summary from N generated responses, time and peak memory.

    .venv/bin/python bench/bench_summary.py 10000 100000
    .venv/bin/python bench/bench_summary.py 100000 \
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres

For each N, responses are generated (tests/analysis/generate.py) into a fresh SQLite
file, or with ``--postgres SERVER_URL`` into a fresh PostgreSQL database made on that
server for the run and dropped after it (``westcc_bench_<process id>``; the URL's own
database is only used to create it): 60% in the wave summarised and 40% in the previous
wave (the Summary reads both, for trends), across seven schools, four surveys and three
audiences, with free text that is mostly unique. A fresh Python process then runs
``build_summary`` once (reported as "first run": it also loads codebooks and TextBlob's
lexicon) and again, timed; its peak resident memory (ru_maxrss, which includes the
interpreter, pandas and TextBlob) is reported. The same process then times a baseline,
the floor any Summary pays: fetching every response row and making a DataFrame of the
answers, nothing more; "x baseline" says how many times that floor the whole Summary
costs, a figure that moves less than seconds do when the machine is busy. Generating the
data is not counted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _generator():
    spec = importlib.util.spec_from_file_location("generate",
                                                  ROOT / "tests" / "analysis" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = module
    spec.loader.exec_module(module)
    return module


#: the PostgreSQL database a run makes for itself (the process id keeps runs apart)
BENCH_DATABASE = f"westcc_bench_{os.getpid()}"


def database_url(target: Path | str) -> str:
    """A database URL as it is; a SQLite file's path as a URL."""
    return str(target) if "://" in str(target) else f"sqlite:///{target}"


@contextmanager
def fresh_database(n: int, postgres: str | None = None):
    """The URL of a new database holding N generated responses, removed afterwards:
    a SQLite file, or a PostgreSQL database made on the server ``postgres`` names."""
    if postgres is None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.sqlite"
            make_database(path, n)
            yield database_url(path)
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = create_engine(postgres, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}"))
        conn.execute(text(f"CREATE DATABASE {BENCH_DATABASE}"))
    url = make_url(postgres).set(database=BENCH_DATABASE).render_as_string(
        hide_password=False)
    try:
        make_database(url, n)
        yield url
    finally:
        with server.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)"))
        server.dispose()


def make_database(target: Path | str, n: int) -> None:
    """N generated responses in a new, empty database (a SQLite path or a URL)."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from westcc_voice.models import Base

    engine = create_engine(database_url(target))
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        _generator().seed(session, n, wave_share=0.6)
    engine.dispose()


def run(url: str) -> dict:
    """In this process: build the Summary twice (warm-up, then timed)."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from westcc_voice.analysis import build_summary

    engine = create_engine(url)
    with Session(engine) as session:
        start = time.perf_counter()
        build_summary(session, wave="2026-autumn")
        cold = time.perf_counter() - start
    with Session(engine) as session:
        start, cpu_start = time.perf_counter(), time.process_time()
        summary = build_summary(session, wave="2026-autumn")
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # before the baseline
    with Session(engine) as session:
        floor = baseline(session)
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "cold_seconds": round(cold, 2),
            "baseline": round(floor, 2),
            "peak_mib": round(peak_kib / 1024), "json_kib": round(len(summary.to_json()) / 1024)}


def baseline(session) -> float:
    """The floor, timed in the same process: fetch every response row of the database
    and make a DataFrame of the answers, with no scoring, coding or suppression."""
    import pandas as pd
    from sqlalchemy import select

    from westcc_voice.models import Response

    start = time.perf_counter()
    rows = session.execute(select(Response.school_id, Response.audience, Response.year_group,
                                  Response.answers)).all()
    pd.DataFrame.from_records([r.answers for r in rows])
    return time.perf_counter() - start


def main(sizes: list[int], postgres: str | None = None) -> None:
    print(f"database: {'PostgreSQL' if postgres else 'SQLite'}")
    print(f"{'responses':>10} {'seconds':>8} {'CPU s':>6} {'first run':>10} {'baseline':>9} "
          f"{'x baseline':>10} {'peak MiB':>9} {'Summary JSON KiB':>17}")
    for n in sizes:
        with fresh_database(n, postgres) as url:
            out = subprocess.run([sys.executable, __file__, "--run", url], check=True,
                                 capture_output=True, text=True).stdout
            result = json.loads(out.strip().splitlines()[-1])
            ratio = result["seconds"] / max(result["baseline"], 0.01)
            print(f"{n:>10,} {result['seconds']:>8.2f} {result['cpu_seconds']:>6.2f} "
                  f"{result['cold_seconds']:>10.2f} "
                  f"{result['baseline']:>9.2f} {ratio:>10.1f} {result['peak_mib']:>9,} "
                  f"{result['json_kib']:>17,}", flush=True)


def arguments(argv: list[str], description: str) -> argparse.Namespace:
    """The benchmarks' shared command line: sizes, and where to put the data."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000],
                        help="numbers of responses to generate (default: 10000 100000)")
    parser.add_argument("--postgres", metavar="SERVER_URL",
                        help="generate into a new PostgreSQL database on this server "
                             "(made for the run and dropped after it) instead of SQLite")
    parser.add_argument("--run", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = arguments(sys.argv[1:], "Time building the Summary for N generated responses.")
    if args.run:
        print(json.dumps(run(database_url(args.run))))
    else:
        main(args.sizes, args.postgres)
        print("CPU s: processor time of the timed run (seconds beyond it were spent "
              "waiting: for the database, or for a busy host's cores)")
        print("baseline: fetching every response row and making a DataFrame of the answers "
              "(both waves), nothing else; target: under 5 s and 1 GB for 100,000")
