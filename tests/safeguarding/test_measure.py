"""`flask safeguarding measure`: recall, precision, misses and false alarms on labelled answers."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from westcc_voice.safeguarding import measure
from westcc_voice.safeguarding.detect import most_severe, scan
from westcc_voice.safeguarding.model import with_model

DISCLOSURES = Path(__file__).parent / "data" / "disclosures.yaml"

LABELLED = textwrap.dedent("""\
    answers:
    - {id: T1, split: tune, audience: pupil, language: en, text: "my dad hits me",
       reference: {safeguarding: urgent, categories: [physical_abuse]}}
    - {id: T2, split: tune, audience: pupil, language: en, text: "i get called names",
       reference: {safeguarding: concern, categories: [bullying]}}
    - {id: T3, split: tune, audience: parent, language: pl, text: "boję się o syna",
       reference: {safeguarding: concern, categories: [other_concern]}}
    - {id: T4, split: tune, audience: pupil, language: en, text: "i hate maths",
       reference: {safeguarding: none, categories: []}}
    - {id: T5, split: tune, audience: community, language: en, text: "please help me",
       reference: {safeguarding: none, categories: []}}
    - {id: H1, split: holdout, audience: pupil, language: ar, text: "أريد أن أموت",
       reference: {safeguarding: urgent, categories: [suicidal]}}
    - {id: H2, split: holdout, audience: pupil, language: en, text: "i like art",
       reference: {safeguarding: concern, categories: [other_concern]}}
    """)


@pytest.fixture
def labelled(tmp_path) -> Path:
    path = tmp_path / "blind.yaml"
    path.write_text(LABELLED, encoding="utf-8")
    return path


def test_figures_count_what_a_dsl_would_see():
    answers = measure.read_labelled_text(LABELLED)
    figures = measure.tally(measure.run(answers[:5]))["all"]
    assert (figures.urgent_flagged, figures.urgent) == (1, 1)
    assert (figures.concern_flagged, figures.concern) == (1, 2)
    assert (figures.flagged_right, figures.flagged) == (2, 3)
    assert [o.answer.id for o in figures.misses] == ["T3"]
    assert [o.answer.id for o in figures.false_alarms] == ["T5"]


def test_the_command_reports_each_split_and_lists_errors_only_for_tune(runner, labelled):
    result = runner.invoke(args=["safeguarding", "measure", str(labelled)])
    assert result.exit_code == 0, result.output
    tune, holdout = result.output.split("== holdout")
    assert "urgent 1/1 (100%; 100% as urgent)" in tune
    assert "concern 1/2 (50%)" in tune and "precision 2/3 (67%)" in tune
    assert "T3 [pl, concern] found nothing" in tune
    assert "T5 [en, none] found concern:general.help_me" in tune
    assert "pl" in tune and "parent" in tune  # per language and audience
    assert "urgent 1/1" in holdout and "concern 0/1" in holdout
    assert "H2" not in holdout and "held out" in holdout


def test_the_command_can_measure_one_split(runner, labelled):
    result = runner.invoke(args=["safeguarding", "measure", str(labelled), "--split", "holdout"])
    assert result.exit_code == 0 and "== tune" not in result.output
    result = runner.invoke(args=["safeguarding", "measure", str(labelled), "--split", "nope"])
    assert result.exit_code == 1 and "no answers with split 'nope'" in result.output


def test_a_bad_label_is_refused_naming_the_answer_and_field(runner, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("answers:\n- {id: X9, text: hello, reference: {safeguarding: maybe}}\n")
    result = runner.invoke(args=["safeguarding", "measure", str(path)])
    assert result.exit_code == 1
    assert "answer X9: field 'reference.safeguarding' must be one of none, concern, urgent" \
        in result.output


def test_the_projects_own_set_is_fully_flagged(runner):
    result = runner.invoke(args=["safeguarding", "measure", str(DISCLOSURES)])
    assert "misses (0):" in result.output


BLIND = Path(__file__).parents[1] / "data" / "blind_dev_set.yaml"


@pytest.mark.skipif(not BLIND.exists(), reason="the blind development set is not in tests/data")
def test_the_blind_development_set_keeps_its_measured_figures():
    """Floors at the figures in docs/redaction-and-safeguarding.md, so they cannot slip.

    The tune split meets the issue's targets; the holdout (never read answer by answer)
    is held to what was measured, below the targets, as the docs say.
    """
    groups = measure.by_split(measure.read_labelled(BLIND), None)
    tune = measure.tally(measure.run(groups["tune"]))["all"]
    assert tune.urgent_recall >= 0.95 and tune.concern_recall >= 0.85
    assert tune.precision >= 0.60
    holdout = measure.tally(measure.run(groups["holdout"]))["all"]
    assert holdout.urgent_recall >= 0.92 and holdout.concern_recall >= 0.83
    assert holdout.precision >= 0.60


BLIND_B = Path(__file__).parents[1] / "data" / "blind_dev_set_b.yaml"


@pytest.mark.skipif(not BLIND_B.exists(),
                    reason="the second blind development set is not in tests/data")
def test_the_second_blind_set_of_half_said_disclosures_is_flagged():
    """The indirect, softened answers of the second blind set, all read to write rules."""
    groups = measure.by_split(measure.read_labelled(BLIND_B), None)
    tune = measure.tally(measure.run(groups["tune"]))["all"]
    assert tune.urgent_recall >= 0.95 and tune.concern_recall >= 0.95
    assert tune.precision >= 0.80


ORDINARY = sorted((Path(__file__).parents[1] / "analysis" / "data").glob("*free_text.yaml"))


def test_ordinary_answers_do_not_flood_the_queue():
    """The 811 answers written for theme coding: a DSL's queue stays readable (<= 5 %)."""
    texts = []
    for path in ORDINARY:
        data = yaml.safe_load(path.read_text("utf-8"))
        items = data.get("answers") if isinstance(data, dict) else data
        texts += [item["text"] if isinstance(item, dict) else item for item in items]
    assert len(texts) >= 800
    flagged = [text for text in texts if scan(text)]
    assert len(flagged) <= 0.05 * len(texts), f"{len(flagged)}/{len(texts)} flagged"
    # As the intake reads them (the rules, then the model, which learned from most of
    # these as ordinary): hardly any is urgent.
    urgent = [text for text in texts if most_severe(with_model(text, scan(text))) == "urgent"]
    assert len(urgent) <= 0.01 * len(texts), urgent


def test_the_two_coders_agreement_is_reported_as_kappa(runner, tmp_path):
    rows = [("a", "urgent", "urgent"), ("b", "none", "none"), ("c", "concern", "none"),
            ("d", "none", "none")]
    path = tmp_path / "coded.yaml"
    path.write_text("answers:\n" + "".join(
        f"- {{id: {i}, text: hello, reference: {{safeguarding: {a}}},"
        f" coder_a: {{safeguarding: {a}}}, coder_b: {{safeguarding: {b}}}}}\n"
        for i, a, b in rows))
    answers = measure.read_labelled(path)
    kappa, pairs = measure.coders_kappa(answers)
    # observed 3/4; chance (1/4 * 1/4) + (2/4 * 3/4) + (1/4 * 0) = 7/16
    assert pairs == 4 and kappa == pytest.approx((0.75 - 7 / 16) / (1 - 7 / 16))
    result = runner.invoke(args=["safeguarding", "measure", str(path)])
    assert "coders' agreement on the level (Cohen's kappa): 0.56 over 4 answers" in result.output


BLIND_SETS = {
    # file: (flagged urgent, precision), the least each set is held to; recall (urgent
    # and concern flagged at all) at least 0.95 for every set
    "blind_dev_set_c.yaml": (0.90, 0.90),
    "blind_dev_set_d.yaml": (0.85, 0.85),
    "blind_dev_set_e.yaml": (0.80, 0.85),
    "blind_dev_set_f.yaml": (0.95, 0.80),
    "blind_dev_set_g.yaml": (0.95, 0.85),
    "blind_dev_set_h.yaml": (0.95, 0.85),
    "blind_dev_set_i.yaml": (0.95, 0.90),
    "blind_dev_set_j.yaml": (0.95, 0.75),
    "blind_dev_set_k.yaml": (0.95, 0.90),
    "blind_dev_set_l.yaml": (0.95, 0.90),
}


@pytest.mark.parametrize("name", BLIND_SETS)
def test_the_later_blind_sets_are_flagged_at_the_right_level(name):
    """The third to twelfth blind sets (all tune: their misses were read to write rules
    for the families they showed).

    Tuning figures, not a measure: they hold those families (C: sextortion, burns, being
    locked in, children alone at night, racist names in Romanian, Polish and Sorani; D:
    someone else running away, hurt as a punishment, notes left "to whoever finds this",
    minding younger children, gaps in Czech, Slovak, Farsi and Roman Urdu; E: overdoses,
    rumours, being left out, "better off without me", adults coming in at night, forced
    marriage, hunger's signs; F: hidden arms, making oneself sick, a child running the
    evenings, girls in men's cars, a violent ex; G: shut in the dark, cover stories for
    marks, burns, pictures asked for or sent, barricaded doors; H: cover stories told to a
    doctor, burns as punishment, "you're dead" from someone at home, not going back tonight,
    children carrying bags or parcels for adults, plans said without the word, concerns raised
    to urgent by a sign of danger now; I: things given away as a goodbye, looking up how
    many tablets it takes, leaving at night while the house sleeps, sleeping out or thrown
    out, an abuser back from prison, "the secret game", the belt or hose at home, a parent's
    gambling, young carers with medicine, hijabs pulled, names about looks, skipping meals
    over "fat"; J and K, by kind-aware signs and rules: a wish to die beside a plan, a
    means, a note or a time; children hiding from or frightened of an adult at home, in
    English, Arabic, Polish, Romanian and Farsi; an older person's gifts, lifts, tickets or
    age; injuries or flinching seen by others; threats if a child tells; a banned adult at
    the gates; "a game in the bath"; putting down, covering ears, blades, trying not to
    eat, a parent on drugs or drinking too much, children doing the shopping and cooking;
    L: tablets kept back, a plan and knowing how, the belt and cover stories, locked in a
    room, a parent who will not wake, a knife to be used today, an ex who has found the
    family, someone from online coming to meet, a neighbour hearing a child scream "stop",
    a threat to a sibling if the child tells, Arabic and Farsi wordings; missed meals at
    home, arms kept from sight, a parent's own drinking) and keep their false alarms
    (jokes, exam worry, knife-crime fear, teachers' line-up, relatives abroad not heard
    from, a phone taken away) out.
    """
    path = Path(__file__).parents[1] / "data" / name
    if not path.exists():
        pytest.skip(f"{path} is not in tests/data")
    as_urgent, precision = BLIND_SETS[name]
    recall = 0.95
    groups = measure.by_split(measure.read_labelled(path), None)
    tune = measure.tally(measure.run(groups["tune"]))["all"]
    assert tune.urgent_recall >= recall and tune.concern_recall >= recall
    assert tune.urgent_as_urgent >= as_urgent
    assert tune.precision >= precision

