"""Time the safeguarding scan (language identification included) per free-text answer.

Reads the answers of the project's text sets (the blind sets' tune answers and the
theme-coding sets), warms the rules and the detector up, then scans every answer
several times and prints the median CPU time per answer (CPU, not wall-clock time,
so that other work on a shared machine counts less). Run from the repository root:

    .venv/bin/python bench/bench_scan.py [--rounds 5]

Timings on a shared machine are noisy: compare runs made one after the other.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import yaml

from westcc_voice.collect import language_id
from westcc_voice.safeguarding import scan

ROOT = Path(__file__).resolve().parents[1]
SETS = ["tests/data/blind_dev_set.yaml", "tests/data/blind_dev_set_b.yaml",
        "tests/analysis/data/tune_free_text.yaml", "tests/analysis/data/blind_free_text.yaml"]


def texts() -> list[str]:
    found = []
    for name in SETS:
        data = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
        found.extend(a["text"] for a in data["answers"] if a.get("split") != "holdout")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    answers = texts()
    started = time.process_time()
    scan("warm up")
    language_id.warm_up()
    print(f"first scan and warm-up: {time.process_time() - started:.2f} s")
    per_answer = []
    flagged = 0
    for _ in range(args.rounds):
        language_id.detect.cache_clear()  # every answer is new to a worker
        started = time.process_time()
        flagged = sum(1 for text in answers if scan(text))
        per_answer.append((time.process_time() - started) / len(answers) * 1000)
    print(f"{len(answers)} answers, {flagged} flagged; CPU ms per answer: "
          f"median {statistics.median(per_answer):.3f}, "
          f"best {min(per_answer):.3f} over {args.rounds} rounds")


if __name__ == "__main__":
    main()
