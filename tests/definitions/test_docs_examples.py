"""Every questionnaire example in docs/questionnaires.md is valid, so the docs cannot drift
from what the validator accepts. Excerpts (with a line of "...") are left out."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from westcc_voice import PROJECT_DIR
from westcc_voice.definitions import load_catalogue

DOCS = PROJECT_DIR / "docs" / "questionnaires.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)


def _examples() -> list[tuple[int, object]]:
    out = []
    for number, block in enumerate(BLOCKS, start=1):
        if re.search(r"^\s*(-\s*)?\.\.\.\s*$", block, re.M):
            continue  # an excerpt
        data = yaml.safe_load(block)
        is_questions = isinstance(data, list) and data and isinstance(data[0], dict) \
            and "id" in data[0]
        is_survey = isinstance(data, dict) and "key" in data and "pages" in data
        if is_questions or is_survey:
            out.append((number, data))
    return out


EXAMPLES = _examples()


def test_the_docs_have_the_examples_this_test_checks():
    assert len(EXAMPLES) >= 12 and any(isinstance(d, dict) for _n, d in EXAMPLES)


def _as_survey(number: int, data, audience: str) -> dict:
    if isinstance(data, dict):
        return data
    pages = data if "questions" in data[0] else [{"id": "p", "title": "T", "questions": data}]
    multilingual = re.search(r"^\s+ar:", BLOCKS[number - 1], re.M)
    languages = ["en", "ar", "pl"] if multilingual else ["en"]

    def text(value="T"):
        return {lang: value for lang in languages} if multilingual else value

    for page in pages:
        page.setdefault("title", text())
        if multilingual and not isinstance(page["title"], dict):
            page["title"] = text(page["title"])
    survey = {"key": f"docs-example-{number}", "title": text(), "audience": audience,
              "languages": languages, "pages": pages}
    if audience == "pupil":
        survey.update(age={"min": 8, "max": 11}, year_groups=[4, 5, 6])
    return survey


@pytest.mark.parametrize("number, data", EXAMPLES, ids=[f"block{n}" for n, _d in EXAMPLES])
def test_each_example_validates(tmp_path, number, data):
    """A question example is valid in a pupil survey or, if it is for adults (required,
    say), in a parents' one."""
    surveys = tmp_path / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", surveys)
    for shipped in surveys.glob("*.yaml"):
        if yaml.safe_load(shipped.read_text(encoding="utf-8")).get("pages"):
            shipped.unlink()
    problems = {}
    for audience in ("pupil", "parent"):
        path = surveys / "example.yaml"
        path.write_text(yaml.safe_dump(_as_survey(number, data, audience), allow_unicode=True),
                        encoding="utf-8")
        errors = load_catalogue(surveys, PROJECT_DIR / "instance" / "licensed").errors
        if not errors:
            return
        problems[audience] = [str(e) for e in errors]
    pytest.fail(f"docs/questionnaires.md yaml block {number} is not valid: {problems}")
