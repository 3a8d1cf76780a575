r"""Benchmark: the partnership briefing PDF for N generated responses, time and peak memory.

    .venv/bin/python bench/bench_briefing.py 10000 100000
    .venv/bin/python bench/bench_briefing.py 100000 \
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres

For each N, responses are generated into a fresh SQLite file (or, with ``--postgres``,
a fresh PostgreSQL database, as in bench_summary.py) by bench_summary.py's
``make_database`` (the analysis benchmark's generator: seven schools, four surveys,
three audiences, two waves). A fresh Python process then, once to warm imports and
caches and once timed:

1. builds the Summary (``analysis.build_summary``),
2. builds the short briefing (``briefings.build_briefing``: the findings),
3. lays out its A4 PDF (``briefings.render_pdf``),

and reports each step, the total against the 8 s target, the page count, and the
process's peak resident memory (ru_maxrss: interpreter, pandas, matplotlib and
WeasyPrint included). The cold first run in the process is reported too: it is what a
one-off ``flask briefing`` pays for fonts and imports. As a baseline in the same run,
the appendix (every chart and table, what the whole briefing used to be) is drawn and
laid out from the same Summary ("appendix s", with its pages and charts), and laid out
again with every chart blank ("blank s"): layout alone, beside which the appendix shows
what painting its charts costs. Generating the data is not timed.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_summary  # noqa: E402  (the analysis benchmark's data generator)

TARGET_SECONDS = 8.0
BLANK_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
WAVE = "2026-autumn"


def once(url: str) -> dict:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from westcc_voice.analysis import build_summary
    from westcc_voice.briefings import build_briefing, render_pdf
    from westcc_voice.briefings.html import render_html
    from westcc_voice.briefings.pdf import html_to_pdf

    engine = create_engine(url)
    t0 = time.perf_counter()
    with Session(engine) as session:
        summary = build_summary(session, wave=WAVE)
    t1 = time.perf_counter()
    briefing = build_briefing(summary)
    t2 = time.perf_counter()
    pdf = render_pdf(briefing)
    t3 = time.perf_counter()
    # Baselines: the appendix from the same Summary, then its pages with every chart
    # blank, to set the layout floor beside the cost of painting the charts.
    appendix = build_briefing(summary, document="appendix")
    appendix_pdf = render_pdf(appendix)
    t4 = time.perf_counter()
    html_to_pdf(render_html(appendix, mode="print"), {c.id: BLANK_SVG for c in appendix.charts})
    t5 = time.perf_counter()
    engine.dispose()
    return {"summary": t1 - t0, "build": t2 - t1, "pdf": t3 - t2, "total": t3 - t0,
            "appendix": t4 - t3, "blank": t5 - t4,
            "pages": pdf.pages, "appendix_pages": appendix_pdf.pages,
            "charts_n": len(appendix.charts), "kib": len(pdf.data) // 1024}


def run(url: str) -> dict:
    """In this process: a cold run, then a warm timed run."""
    cold = once(url)
    warm = once(url)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {**{k: round(v, 2) if isinstance(v, float) else v for k, v in warm.items()},
            "cold_total": round(cold["total"], 2), "peak_mib": round(peak_kib / 1024)}


def main(sizes: list[int], postgres: str | None = None) -> None:
    print(f"database: {'PostgreSQL' if postgres else 'SQLite'}")
    print(f"{'responses':>10} {'summary s':>9} {'build s':>7} {'PDF s':>6} {'total s':>7} "
          f"{'cold s':>6} {'target':>7} {'pages':>5} {'appendix s':>10} {'blank s':>7} "
          f"{'app. pages':>10} {'charts':>6} {'peak MiB':>8}")
    for n in sizes:
        with bench_summary.fresh_database(n, postgres) as url:
            out = subprocess.run([sys.executable, __file__, "--run", url], check=True,
                                 capture_output=True, text=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            verdict = "met" if r["total"] < TARGET_SECONDS else "MISSED"
            print(f"{n:>10,} {r['summary']:>9.2f} {r['build']:>7.2f} {r['pdf']:>6.2f} "
                  f"{r['total']:>7.2f} {r['cold_total']:>6.2f} {verdict:>7} {r['pages']:>5} "
                  f"{r['appendix']:>10.2f} {r['blank']:>7.2f} {r['appendix_pages']:>10} "
                  f"{r['charts_n']:>6} {r['peak_mib']:>8,}", flush=True)
    print(f"target: the partnership briefing PDF in under {TARGET_SECONDS:.0f} s (warm total); "
          "baselines: the appendix drawn and laid out from the same Summary, and its pages "
          "laid out with every chart blank")


if __name__ == "__main__":
    args = bench_summary.arguments(sys.argv[1:], "Time the partnership briefing PDF for N "
                                                 "generated responses.")
    if args.run:
        print(json.dumps(run(bench_summary.database_url(args.run))))
    else:
        main(args.sizes, args.postgres)
