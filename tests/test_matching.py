"""Role matching is deterministic, explains itself, and ranks the reports' personas correctly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.knowledge.profile import SkillProfile
from bot.knowledge.taxonomy import default_taxonomy
from bot.people.matching import compare, match_roles, plan_for, score_role
from bot.reading.skills import extract_profile, parse_skill_args

PERSONAS = yaml.safe_load((Path(__file__).parent.parent / "evals/datasets/personas.yaml").read_text())
SKILLS = default_taxonomy().skill_ids
profiles = st.fixed_dictionaries({s: st.integers(0, 4) for s in SKILLS}).map(lambda d: SkillProfile(levels=d))


def _rank_of(ranking, role_id: str) -> int:
    return next(m.rank for m in ranking.ranking if m.role_id == role_id)


def _persona_rates(tax) -> tuple[float, float, list[str]]:
    """top-1: the expected role ranks first; top-2: it is in the top two, and so is `top2` when given."""
    top1 = top2 = 0
    misses = []
    for persona in PERSONAS:
        wanted = [tax.find_role(r).id for r in [persona["role"], persona.get("top2")] if r]
        ranking = [m.role_id for m in match_roles(extract_profile(persona["text"]).profile).ranking]
        top1 += ranking[0] == wanted[0]
        top2 += all(r in ranking[:2] for r in wanted)
        if ranking[0] != wanted[0] or not all(r in ranking[:2] for r in wanted):
            misses.append(f"{persona['id']}: {'+'.join(wanted)} -> {ranking[:2]}")
    return top1 / len(PERSONAS), top2 / len(PERSONAS), misses


def test_persona_set_covers_every_role(tax):
    assert len({p["id"] for p in PERSONAS}) == len(PERSONAS) >= 54
    for role in tax.roles:
        assert sum(tax.find_role(p["role"]).id == role.id for p in PERSONAS) >= 9, role.id
    assert all(tax.find_role(p["top2"]) for p in PERSONAS if p.get("top2"))


def test_personas_meet_issue_12_acceptance(tax):
    """Issue 12: top-1 >= 0.9 and top-2 = 1.0 on all personas, none edited after it was run. Skills read from
    their names only: top-1 40/60, top-2 51/60; with activities and titles: 43/51; after the reading fixes
    and the score's emphasis term: top-1 55/60, top-2 59/60; after a task's own skill is read from any of its
    activities (p2_mlr_borderline_mle's edge-device work is software engineering): top-1 55/60, top-2 60/60."""
    top1, top2, misses = _persona_rates(tax)
    assert top1 >= 0.9 and top2 == 1.0, misses


def test_the_issues_ml_engineer_description_ranks_the_ml_engineer_clearly_first(tax):
    """Issue 12 item 5: "I train XGBoost and CNN models, ... exposes them over REST" ranks the ML engineer
    clearly ahead of the data scientist (and of the SWE-ML, which the smaller-role bias used to put first)."""
    text = (
        "I train XGBoost and CNN models, engineer features in SQL, pick the evaluation metrics, and I maintain the "
        "service that retrains the models and exposes them over REST"
    )
    ranking = match_roles(extract_profile(text).profile).ranking
    scores = {m.role_id: m.score for m in ranking}
    assert ranking[0].role_id == "machine_learning_engineer"
    assert scores["machine_learning_engineer"] - scores["data_scientist"] >= 0.1
    assert scores["machine_learning_engineer"] > scores["software_engineer_ml"]


@settings(max_examples=200, deadline=None)
@given(profiles)
def test_scores_are_in_unit_interval_and_deterministic(profile):
    first, again = match_roles(profile), match_roles(profile)
    assert first == again
    assert all(0.0 <= m.score <= 1.0 for m in first.ranking)
    assert [m.rank for m in first.ranking] == [1, 2, 3, 4, 5, 6]


@settings(max_examples=300, deadline=None)
@given(profiles, st.sampled_from(default_taxonomy().roles), st.data())
def test_raising_a_needed_skill_never_lowers_the_score(profile, role, data):
    needed = [s for s in SKILLS if role.level(s) > 0 and profile.level(s) < 4]
    if not needed:
        return
    skill = data.draw(st.sampled_from(needed))
    raised = SkillProfile(levels=profile.levels | {skill: profile.level(skill) + 1})
    assert score_role(raised, role) >= score_role(profile, role) - 1e-12


def test_a_roles_own_profile_ranks_it_first(tax):
    for role in tax.roles:
        own = SkillProfile(levels={s: e.level for s, e in role.profile.items()})
        ranking = match_roles(own)
        assert ranking.best.role_id == role.id
        assert ranking.best.score == 1.0 or ranking.best.gaps == []


def test_strong_in_everything_does_not_tie_all_roles():
    ranking = match_roles(SkillProfile(levels={s: 4 for s in SKILLS}))
    assert len({m.score for m in ranking.ranking}) > 1


def test_explanation_names_the_main_gap():
    analyst = extract_profile("I know SQL and Excel very well and build Tableau dashboards, some statistics")
    mle = next(m for m in match_roles(analyst.profile).ranking if m.role_id == "machine_learning_engineer")
    assert mle.gaps[0].size == max(g.size for g in mle.gaps)
    assert f"the main gap is {mle.gaps[0].skill_name.lower()}" in mle.explanation
    needed = sum(1 for e in default_taxonomy().role("machine_learning_engineer").profile.values() if e.level)
    assert mle.explanation.startswith(f"You meet {len(mle.covered)} of the {needed} skill levels")


def test_a_top_role_met_nowhere_fully_reads_as_partway_not_as_no_fit():
    best = match_roles(SkillProfile(levels={"data_science": 2, "business_acumen": 2})).best
    assert best.covered == []
    assert best.explanation.startswith("You meet 0 of the ") and "partway on 2" in best.explanation


def _nested_pairs(tax):
    """(smaller, larger): every role whose profile sits under another's on every skill."""
    return [
        (a, b) for a in tax.roles for b in tax.roles if a.id != b.id and all(a.level(s) <= b.level(s) for s in SKILLS)
    ]


def _ahead(levels: dict[str, int], first: str, second: str) -> bool:
    ranking = match_roles(SkillProfile(levels=levels))
    return _rank_of(ranking, first) < _rank_of(ranking, second)


def test_a_smaller_role_under_a_larger_one_is_not_the_default_for_partial_profiles(tax):
    """The SWE-ML's profile sits under the MLE's. At the smaller role's levels it ranks first; past them on
    the skills that separate the two, the larger ranks first, even when the profile leaves skills out."""
    pairs = _nested_pairs(tax)
    assert ("software_engineer_ml", "machine_learning_engineer") in [(a.id, b.id) for a, b in pairs]
    for small, large in pairs:
        separating = [s for s in SKILLS if small.level(s) < large.level(s)]
        shared = sorted((s for s in SKILLS if s not in separating), key=lambda s: -small.level(s))[:2]
        own = {s: small.level(s) for s in SKILLS}
        past = own | {s: large.level(s) for s in separating}
        assert _ahead(own, small.id, large.id)
        assert _ahead(past, large.id, small.id)
        # silent on the separating skill the larger role needs least (research, for the MLE)
        least = min(separating, key=lambda s: (large.level(s), SKILLS.index(s)))
        assert _ahead({s: v for s, v in past.items() if s != least}, large.id, small.id)
        # partial: the two skills they share most, plus the separating ones; nothing else said
        partial_small = {s: small.level(s) for s in shared + separating}
        partial_large = {s: large.level(s) for s in shared + separating}
        assert _ahead(partial_small, small.id, large.id)
        assert _ahead(partial_large, large.id, small.id)


@pytest.mark.parametrize(
    ("levels", "first"),
    [
        # past the SWE-ML's machine learning (2), at the MLE's (3): the MLE, though math is unsaid
        ({"machine_learning": 3, "algorithmic_coding": 3, "software_engineering": 3}, "machine_learning_engineer"),
        # at the SWE-ML's levels and below the software engineer's outstanding coding: the SWE-ML
        ({"machine_learning": 2, "algorithmic_coding": 3, "software_engineering": 3}, "software_engineer_ml"),
        ({"algorithmic_coding": 4, "software_engineering": 4}, "software_engineer"),
    ],
)
def test_partial_profiles_rank_by_the_skills_that_separate_roles(levels, first):
    assert match_roles(SkillProfile(levels=levels)).best.role_id == first


def test_an_optional_specialisation_is_never_shown_as_a_roles_task():
    """ "some machine learning researchers focus on deployment ... and AI infrastructure": not the role's."""
    from bot.answering.tools import format_comparison, format_role

    cmp = compare("machine_learning_researcher", "data_scientist")
    assert cmp.only_a_tasks == [] and cmp.only_b_tasks == ["business_analysis"]
    text = format_comparison(cmp) + format_role(default_taxonomy().role("machine_learning_researcher"))
    # the role description may name it, said as what it is: "...; that is a specialisation, not part of the role."
    text = re.sub(r"[^.\n]*that is a specialisation, not part of the role\.", "", text)
    assert "deployment" not in text.lower().replace("supported by teams in charge of deployment", "")
    assert "AI infrastructure" not in text.replace("deployment, business analyses and AI infrastructure", "")
    mle = match_roles(SkillProfile(levels={"research": 4})).ranking
    assert all("deployment" not in m.tasks for m in mle if m.role_id == "machine_learning_researcher")


def test_extraction_reads_levels_negation_and_evidence():
    got = extract_profile("I know Python and SQL, did a stats degree, built Tableau dashboards, no deep learning")
    levels = got.profile.levels
    assert levels["deep_learning"] == 0
    assert levels["data_science"] == 3  # "stats degree"
    assert levels["domain_specific_languages"] >= 2  # SQL
    evidence = {e.skill: e.phrase for e in got.evidence}
    assert "stats degree" in evidence["data_science"]
    assert "no deep learning" in evidence["deep_learning"]


@pytest.mark.parametrize(
    ("text", "skill", "level"),
    [
        ("expert in machine learning", "machine_learning", 4),
        ("a little machine learning", "machine_learning", 1),
        ("I have never used deep learning", "deep_learning", 0),
        ("5 years of software engineering", "software_engineering", 4),
        ("I don't know statistics", "data_science", 0),
        ("some linear algebra", "mathematics", 2),
    ],
)
def test_level_words(text, skill, level):
    assert extract_profile(text).profile.level(skill) == level


def test_bad_input():
    with pytest.raises(ValueError, match="skills"):
        extract_profile("   ")
    nonsense = extract_profile("purple elephants dance quietly")
    assert nonsense.profile.is_empty and nonsense.hint
    with pytest.raises(ValidationError, match="research"):
        SkillProfile(levels={"research": 7})
    with pytest.raises(ValidationError, match="did you mean 'mathematics'"):
        SkillProfile(levels={"mathematic": 2})
    assert parse_skill_args(["ml=3", "sql=4"]).levels == {"machine_learning": 3, "domain_specific_languages": 4}


def test_plan_for_an_analyst_becoming_mle():
    analyst = extract_profile("I am a data analyst: SQL, Excel, Tableau").profile
    plan = plan_for(analyst, "machine_learning_engineer")
    first_two = {s.skill for s in plan.steps[:2]}
    assert first_two & {"software_engineering", "machine_learning"}
    tasks = {a.task for step in plan.steps for a in step.activities}
    assert {"deployment", "modeling"} <= tasks
    examples = [e for step in plan.steps for a in step.activities for e in a.examples]
    assert any("skimage" in e for e in examples)


def test_compare_data_scientist_and_analyst():
    cmp = compare("data_scientist", "data analyst")
    assert set(cmp.shared_tasks) == {"data_engineering", "business_analysis"}
    assert cmp.only_a_tasks == ["modeling"] and cmp.only_b_tasks == []
    assert any(d.skill == "algorithmic_coding" for d in cmp.skill_differences)


def test_tools_are_callable_by_a_tool_calling_llm():
    from bot.answering.tools import TOOLS

    assert set(TOOLS) == {"match_roles", "learning_plan", "compare_roles", "describe_role"}
    schema = TOOLS["learning_plan"].tool_call_schema.model_json_schema()
    assert {"role", "skills_text", "profile"} <= set(schema["properties"])
    call = {
        "name": "match_roles",
        "args": {"skills_text": "I know SQL and Tableau"},
        "id": "call_1",
        "type": "tool_call",
    }
    message = TOOLS["match_roles"].invoke(call)
    assert "1. Data analyst" in message.content
    assert message.artifact["ranking"].best.role_id == "data_analyst"
    with pytest.raises(ValidationError, match="skills_text or profile"):
        TOOLS["match_roles"].invoke({"name": "match_roles", "args": {}, "id": "c2", "type": "tool_call"})


@settings(max_examples=300, deadline=None)
@given(profiles)
def test_a_role_missing_a_core_skill_never_outranks_one_whose_needs_are_largely_met(profile):
    """Issue 22: a role whose main tasks rest on a skill (solid or more) the person shows none of ranks below every
    role whose needs they largely meet (coverage at LARGELY_MET) without such a gap."""
    from bot.people.matching import LARGELY_MET, core_skills

    tax = default_taxonomy()
    ranking = match_roles(profile).ranking
    met = [m for m in ranking if m.coverage >= LARGELY_MET and not m.missing_core]
    if profile.is_empty or not met:
        return
    for m in ranking:
        missing = [s for s in core_skills(tax.role(m.role_id), tax) if profile.level(s) == 0]
        assert m.missing_core == missing
        if missing:
            assert all(m.rank > ok.rank for ok in met)


def test_the_statistician_of_issue_22_is_a_data_scientist_and_the_explanation_names_the_gap():
    """Hypothesis tests, regressions in R and Python, business recommendations: no word of software engineering."""
    for text in (
        "I'm a statistician: I test hypotheses, fit regressions in R and Python and turn analyses into business "
        "recommendations.",
        "Biostatistician. I test hypotheses, fit regression models in R and Python and turn the analyses into "
        "recommendations for the business.",
    ):
        ranking = match_roles(extract_profile(text).profile).ranking
        assert ranking[0].role_id == "data_scientist", text
        swe_ml = next(m for m in ranking if m.role_id == "software_engineer_ml")
        assert "software engineering" in swe_ml.explanation  # what keeps it down is said
