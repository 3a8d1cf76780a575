"""Family affluence (FAS III items): licensed wording kept in the instance folder, like
SWEMWBS; with it, a pupil questionnaire adds ``- scale: fas`` and the family_affluence
dimension of surveys/equity.yaml sorts pupils by their summed score."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml

from tests.equity_data import (
    SATISFACTION,
    SCHOOLS,
    group,
    mean_table,
    secondary,
    summary_of,
    true_mean,
)
from westcc_voice.analysis.equity_types import WORSE
from westcc_voice.definitions.loader import load_catalogue

ROOT = Path(__file__).resolve().parents[2]
FAS_BLOCK = "      - scale: fas\n"


def surveys_with_fas(tmp: Path, survey: str = "pupils-11-16.yaml",
                     before: str = "      - id: sleep_hours\n") -> Path:
    """A copy of surveys/ whose questionnaire ``survey`` asks the three FAS items."""
    out = tmp / "surveys"
    shutil.copytree(ROOT / "surveys", out)
    path = out / survey
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(text.replace(before, FAS_BLOCK + before, 1), encoding="utf-8")
    return out


def licensed(tmp: Path) -> Path:
    folder = tmp / "licensed"
    folder.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "licensed_fas_placeholder.yaml", folder / "fas.yaml")
    return folder


def test_the_wording_is_not_shipped_and_a_questionnaire_needs_the_licensed_file(tmp_path):
    scale = yaml.safe_load((ROOT / "surveys" / "scales" / "fas.yaml").read_text(
        encoding="utf-8"))
    assert scale["licensed_text"] == "fas.yaml"
    assert [i["id"] for i in scale["items"]] == ["bedroom", "holidays", "computers"]
    assert not any("text" in i for i in scale["items"])
    cat = load_catalogue(surveys_with_fas(tmp_path), tmp_path / "nowhere")
    assert not cat.ok
    message = " ".join(str(e) for e in cat.errors)
    assert "pupils-11-16.yaml" in message and "licensed item text that is not shipped" \
        in message and "fas.yaml" in message


def test_the_five_to_seven_questionnaire_cannot_ask_it(tmp_path):
    surveys = surveys_with_fas(tmp_path, "pupils-5-7.yaml", "      - id: privacy\n")
    cat = load_catalogue(surveys, licensed(tmp_path))
    assert not cat.ok
    assert any("validated for ages 7+" in str(e) for e in cat.errors), cat.errors


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fas")
    cat = load_catalogue(surveys_with_fas(tmp), licensed(tmp))
    assert cat.ok, cat.errors
    return cat


def affluent_pupil(rng: random.Random, school: str) -> dict:
    """A secondary pupil with FAS answers; those of less affluent families (0 to 3 of 7)
    are less satisfied with life, by the known amount in SATISFACTION."""
    p = secondary(rng, school)
    bedroom, holidays, computers = rng.choice([0, 1]), rng.randint(0, 3), rng.randint(0, 3)
    lower = bedroom + holidays + computers <= 3
    p["answers"].update(fas_bedroom=bedroom, fas_holidays=holidays, fas_computers=computers,
                        ons4_satisfaction=rng.choice(SATISFACTION["hungry" if lower
                                                                   else "not_hungry"]))
    return p


def test_pupils_are_compared_by_family_affluence_and_it_is_no_outcome(catalogue):
    rng = random.Random(15)
    s = summary_of(catalogue, [affluent_pupil(rng, SCHOOLS[i % 4]) for i in range(1200)])
    assert not any(score.scale_id == "fas" for score in s.scores)
    t = mean_table(s, "ons4.satisfaction", "family_affluence")
    for key, values in (("lower", SATISFACTION["hungry"]), ("higher", SATISFACTION["not_hungry"])):
        g = group(t, key)
        assert g.ci_low.value <= true_mean(values) <= g.ci_high.value, (key, g)
    gap = t.gaps[0]
    assert gap.verdict == WORSE
    assert gap.text.startswith("Pupils who are from less affluent families (FAS 0 to 3 of 7)")
