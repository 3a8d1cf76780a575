"""Benchmark: build the Summary from N generated responses, time and peak memory.

    .venv/bin/python bench/bench_summary.py 10000 100000

For each N, responses are generated (tests/analysis/generate.py) into a fresh SQLite
file: 60% in the wave summarised and 40% in the previous wave (the Summary reads both,
for trends), across seven schools, four surveys and three audiences, with free text
that is mostly unique. A fresh Python process then runs ``build_summary`` once (reported
as "first run": it also loads codebooks and TextBlob's lexicon) and again, timed; its
peak resident memory (ru_maxrss, which includes the interpreter, pandas and TextBlob) is
reported. The same process then times a baseline, the floor any Summary pays: fetching
every response row and making a DataFrame of the answers, nothing more; "x baseline"
says how many times that floor the whole Summary costs, a figure that moves less than
seconds do when the machine is busy. Generating the data is not counted.
"""

from __future__ import annotations

import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
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


def make_database(path: Path, n: int) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from westcc_voice.models import Base

    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        _generator().seed(session, n, wave_share=0.6)
    engine.dispose()


def run(path: Path) -> dict:
    """In this process: build the Summary twice (warm-up, then timed)."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from westcc_voice.analysis import build_summary

    engine = create_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        start = time.perf_counter()
        build_summary(session, wave="2026-autumn")
        cold = time.perf_counter() - start
    with Session(engine) as session:
        start = time.perf_counter()
        summary = build_summary(session, wave="2026-autumn")
        seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # before the baseline
    with Session(engine) as session:
        floor = baseline(session)
    return {"seconds": round(seconds, 2), "cold_seconds": round(cold, 2),
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


def main(sizes: list[int]) -> None:
    print(f"{'responses':>10} {'seconds':>8} {'first run':>10} {'baseline':>9} "
          f"{'x baseline':>10} {'peak MiB':>9} {'Summary JSON KiB':>17}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.sqlite"
            make_database(db, n)
            out = subprocess.run([sys.executable, __file__, "--run", str(db)], check=True,
                                 capture_output=True, text=True).stdout
            result = json.loads(out.strip().splitlines()[-1])
            ratio = result["seconds"] / max(result["baseline"], 0.01)
            print(f"{n:>10,} {result['seconds']:>8.2f} {result['cold_seconds']:>10.2f} "
                  f"{result['baseline']:>9.2f} {ratio:>10.1f} {result['peak_mib']:>9,} "
                  f"{result['json_kib']:>17,}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--run":
        print(json.dumps(run(Path(sys.argv[2]))))
    else:
        main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
        print("baseline: fetching every response row and making a DataFrame of the answers "
              "(both waves), nothing else; target: under 5 s and 1 GB for 100,000")
