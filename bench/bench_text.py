r"""Benchmark: milliseconds per answer for redaction, against a baseline in the same run.

    .venv/bin/python bench/bench_text.py                    # baseline: d3db311
    .venv/bin/python bench/bench_text.py --baseline HEAD~3 --rounds 5

The answers are those of the blind development sets (tests/data/blind_dev_set.yaml and
blind_dev_set_b.yaml, every split: only timed, never printed), redacted with the demo
partnership's schools and staff as at intake.

Two redactors are timed, each in a fresh process so that neither warms the other's
caches: the one in this working tree, and the baseline, the ``westcc_voice`` package of
another git revision (by default the last commit before redaction was made faster),
extracted with ``git archive`` into a temporary folder. Rounds alternate between the
two, so that a busy machine slows both alike. Each process loads its word lists (not
timed), redacts every answer once ("first pass": each word is met for the first time)
and then PASSES more times ("steady": what a worker that has seen a few hundred answers
pays); the figures are the medians over the rounds. Both redactors must give the same
text for every tune answer (holdout answers are timed, never compared) unless
``--allow-different`` is given.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = ("tests/data/blind_dev_set.yaml", "tests/data/blind_dev_set_b.yaml")
DEFAULT_BASELINE = "d3db311"


def _answers() -> list[dict]:
    import yaml

    answers: list[dict] = []
    for name in SETS:
        answers += yaml.safe_load((ROOT / name).read_text("utf-8"))["answers"]
    return answers


def worker(passes: int) -> None:
    """Time the ``westcc_voice`` first on sys.path; print one JSON line."""
    from westcc_voice.demo import DEMO_SCHOOLS, DEMO_STAFF
    from westcc_voice.privacy.redaction import Directory, load_resources, redact

    texts = [a["text"] for a in _answers()]
    directory = Directory.of([s[1] for s in DEMO_SCHOOLS], [s[1] for s in DEMO_STAFF])
    started = time.perf_counter()
    load_resources()
    loading = time.perf_counter() - started
    started = time.perf_counter()
    out = [redact(t, directory).text for t in texts]
    first = (time.perf_counter() - started) * 1000 / len(texts)
    steady = []
    for _ in range(passes):
        started = time.perf_counter()
        for t in texts:
            redact(t, directory)
        steady.append((time.perf_counter() - started) * 1000 / len(texts))
    print(json.dumps({"answers": len(texts), "loading_s": loading, "first_ms": first,
                      "steady_ms": statistics.median(steady), "texts": out}))


def _run(tree: Path, passes: int) -> dict:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", "--passes", str(passes)],
        cwd=ROOT, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        sys.exit(f"redaction from {tree} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _extract(revision: str, into: Path) -> None:
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "westcc_voice"],
                             cwd=ROOT, capture_output=True, check=False)
    if archive.returncode != 0:
        sys.exit(f"git archive {revision}: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default=DEFAULT_BASELINE,
                        help=f"git revision to compare with (default {DEFAULT_BASELINE})")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--allow-different", action="store_true",
                        help="do not stop when the two redactors' texts differ")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.passes)
        return
    results: dict[str, list[dict]] = {"baseline": [], "this tree": []}
    with tempfile.TemporaryDirectory() as tmp:
        _extract(args.baseline, Path(tmp))
        for _ in range(args.rounds):
            results["baseline"].append(_run(Path(tmp), args.passes))
            results["this tree"].append(_run(ROOT, args.passes))
    base, mine = results["baseline"][0], results["this tree"][0]
    tune = [a.get("split") == "tune" for a in _answers()]
    differ = sum(a != b for a, b, t in zip(base["texts"], mine["texts"], tune, strict=True) if t)
    print(f"{mine['answers']} answers ({', '.join(SETS)}); {args.rounds} rounds, "
          f"{args.passes} steady passes each; medians")
    print(f"{'':28}{'loading s':>10}{'first ms':>10}{'steady ms':>10}")
    for name, runs in results.items():
        label = f"{name} ({args.baseline})" if name == "baseline" else name
        print(f"{label:28}"
              + "".join(f"{statistics.median(r[key] for r in runs):>10.2f}"
                        for key in ("loading_s", "first_ms", "steady_ms")))
    for key, label in (("first_ms", "first pass"), ("steady_ms", "steady")):
        ratio = (statistics.median(r[key] for r in results["baseline"])
                 / statistics.median(r[key] for r in results["this tree"]))
        print(f"speed-up, {label}: {ratio:.2f}x")
    print(f"tune answers redacted differently: {differ}")
    if differ and not args.allow_different:
        sys.exit("the two redactors disagree (use --allow-different to time them anyway)")


if __name__ == "__main__":
    main()
