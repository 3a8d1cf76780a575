"""The benchmarks in bench/ still run and print their figures (on a few hundred
responses: the figures themselves are measured by hand and written in bench/README.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from westcc_voice import PROJECT_DIR

from .conftest import IN_CI, postgres_admin_url

BENCH = PROJECT_DIR / "bench"


def run_bench(script: str, *args: str) -> list[str]:
    done = subprocess.run([sys.executable, str(BENCH / script), *args], cwd=PROJECT_DIR,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def figures(lines: list[str], n: int) -> list[str]:
    """The row of figures for N responses."""
    rows = [line.split() for line in lines if line.split()[:1] == [f"{n:,}"]]
    assert len(rows) == 1, lines
    return rows[0]


def test_summary_bench_prints_time_memory_and_baseline_on_sqlite():
    lines = run_bench("bench_summary.py", "300")
    assert lines[0] == "database: SQLite"
    seconds, cpu, first, baseline, ratio, peak, json_kib = figures(lines, 300)[1:]
    assert 0 < float(seconds) < 60 and float(cpu) > 0 and float(baseline) >= 0
    assert float(ratio) > 0
    assert 50 < int(peak.replace(",", "")) < 1024  # MiB: interpreter and pandas at least
    assert int(json_kib.replace(",", "")) > 10  # a real Summary, not an empty one
    assert any("target: under 5 s and 1 GB for 100,000" in line for line in lines)


def test_summary_bench_on_postgresql_drops_its_database():
    server = postgres_admin_url()
    lines = run_bench("bench_summary.py", "300", "--postgres", server)
    assert lines[0] == "database: PostgreSQL"
    assert float(figures(lines, 300)[1]) > 0
    engine = create_engine(server)
    with engine.connect() as conn:
        left = conn.execute(text(
            "SELECT datname FROM pg_database WHERE datname LIKE 'westcc_bench%'")).all()
    engine.dispose()
    assert left == []


def test_briefing_bench_prints_each_step_and_the_verdict():
    lines = run_bench("bench_briefing.py", "300")
    assert lines[0] == "database: SQLite"
    row = figures(lines, 300)
    summary, build, pdf, total = (float(v) for v in row[1:5])
    assert min(summary, pdf) > 0 and build >= 0  # the short briefing draws no charts
    assert abs(total - (summary + build + pdf)) < 0.05
    assert row[6] in {"met", "MISSED"}
    assert 1 <= int(row[7]) <= 6  # the short briefing's pages
    appendix, blank = float(row[8]), float(row[9])
    assert appendix > blank > 0  # the baselines: the appendix, and its layout alone
    assert int(row[10]) >= 10 and int(row[11]) > 0  # pages and charts of a real appendix


@pytest.mark.slow
def test_submit_bench_drives_both_apps_with_wrk_and_prints_the_ratio():
    if shutil.which("wrk") is None:
        if IN_CI:
            pytest.fail("CI must run the submission benchmark: apt-get install wrk")
        pytest.skip("the submission benchmark needs wrk (Debian package wrk)")
    lines = run_bench("bench_submit.py", "--seconds", "1", "--warmup", "1",
                      "--clients", "4", "--workers", "1")
    assert lines[0].startswith("database: SQLite; gunicorn sync workers: 1")
    rows = {row[0]: row for row in (line.split() for line in lines) if row[:1] in
            (["bare"], ["real"])}
    for name in ("bare", "real"):
        app, clients, per_second, p50, p99, non_2xx, socket, share, cpu_ms = rows[name]
        assert (clients, non_2xx, socket) == ("4", "0", "0")
        assert float(per_second) > 0 and 0 < float(p50) <= float(p99)
        # the workers' processor time per submit: a real figure, not a placeholder
        assert 0 < float(cpu_ms) < 1000
    assert float(rows["bare"][7]) == 1.0
    assert abs(float(rows["real"][7]) - float(rows["real"][2]) / float(rows["bare"][2])) < 0.01
    assert any(line.startswith("stored by the real app:") and line.endswith("(all)")
               for line in lines)


@pytest.mark.slow
def test_submit_cpu_bench_prints_processor_time_its_text_share_and_statements():
    lines = run_bench("submit_cpu.py", "--submits", "20", "--rounds", "1")
    assert lines[0].split() == ["code", "round", "ms/submit", "text", "ms", "rest", "ms",
                                "SQL/submit", "bare", "ms"]
    name, _tree, number, real, text_ms, rest, statements, bare = lines[1].split()
    assert (name, number) == ("this", "1")
    assert float(real) > float(text_ms) > 0 and float(bare) > 0
    assert abs(float(real) - float(text_ms) - float(rest)) < 0.02
    # BEGIN IMMEDIATE, the insert, the class session's live count; the context is read by
    # the first of the 20 submissions and kept for the 2 s they take (about 3.05 a submit)
    assert 3.0 <= float(statements) < 3.5


def test_text_bench_times_redaction_against_a_revision_in_the_same_run():
    if shutil.which("git") is None or not (PROJECT_DIR / ".git").exists():
        pytest.skip("bench_text.py extracts its baseline with git archive")
    lines = run_bench("bench_text.py", "--baseline", "HEAD", "--rounds", "1", "--passes", "1")
    rows = {line.split()[0]: line.split() for line in lines if line.split()}
    baseline, mine = rows["baseline"][-3:], rows["this"][-3:]
    assert all(float(v) > 0 for v in baseline + mine), lines
    assert any(line.startswith("speed-up, steady: ") for line in lines), lines
    assert lines[-1] == "tune answers redacted differently: 0"
