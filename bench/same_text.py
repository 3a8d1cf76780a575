r"""Check: this tree redacts and scans every development-set answer as another revision does.

    .venv/bin/python bench/same_text.py 816ed05

For a change meant to make the text steps faster without changing any result. The
``westcc_voice`` package of the revision is extracted with ``git archive``
(``bench_text._extract``); each tree, in its own process, redacts (with the demo
partnership's schools and staff, as at intake) and scans (with the answer's language, as
at intake) every answer of both blind development sets, and the two are compared answer
by answer: the redacted text, and each concern's rule, category, severity, phrase and
language in order. Nothing of an answer is printed, only how many differ; the exit
status is 1 when any does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_text import ROOT, SETS, _answers, _extract  # noqa: E402


def worker() -> None:
    """Digest of each answer's redaction and scan by the ``westcc_voice`` on sys.path."""
    from westcc_voice.demo import DEMO_SCHOOLS, DEMO_STAFF
    from westcc_voice.privacy.redaction import Directory, redact
    from westcc_voice.safeguarding.detect import scan

    directory = Directory.of([s[1] for s in DEMO_SCHOOLS], [s[1] for s in DEMO_STAFF])
    digests = {}
    for answer in _answers():
        text = answer["text"]
        concerns = [[c.rule_id, c.category, c.severity, c.phrase, c.language, c.reason]
                    for c in scan(text, answer.get("language"))]
        outcome = json.dumps([redact(text, directory).text, concerns], ensure_ascii=False)
        digests[answer["id"]] = hashlib.sha256(outcome.encode()).hexdigest()
    print(json.dumps(digests))


def _run(tree: Path) -> dict[str, str]:
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker"],
                          cwd=ROOT, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"the text steps from {tree} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    if sys.argv[1:] == ["--worker"]:
        worker()
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revision", help="git revision to compare with, such as 816ed05")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        _extract(args.revision, Path(tmp))
        theirs = _run(Path(tmp))
    ours = _run(ROOT)
    differ = sum(theirs[key] != ours.get(key) for key in theirs)
    print(f"{len(theirs)} answers ({', '.join(SETS)}): redaction and scan differ from "
          f"{args.revision} in {differ}")
    return 1 if differ or len(ours) != len(theirs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
