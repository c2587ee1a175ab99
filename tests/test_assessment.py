"""The guided self-assessment: questions from the reports' examples, answers as levels, the early stop, the CLI
and the web handlers."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.knowledge.profile import SkillProfile
from bot.knowledge.taxonomy import default_taxonomy
from bot.people import assessment as assess
from bot.people.matching import match_roles


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def finish(a: assess.Assessment, replies: str) -> assess.Assessment:
    """Answer from a string of y / s / n until the assessment is over or the replies run out."""
    for reply in replies:
        if a.done:
            break
        a = assess.answer(a, reply)
    return a


@pytest.mark.parametrize("role", [None, *(r.id for r in default_taxonomy().roles)])
def test_questions_quote_a_subtask_example_that_needs_the_skill(tax, role):
    questions = assess.questions_for(role)
    assert assess.MIN_QUESTIONS <= len(questions) <= assess.MAX_QUESTIONS
    assert len({q.skill for q in questions}) == len(questions)  # one skill at a time
    for q in questions:
        sub = tax.task(q.task).subtask(q.subtask)
        assert q.skill in sub.skills and q.example in sub.examples
        assert q.text.startswith("Have you ") and q.text.endswith("?")
        # the report's words after the verb, as written
        assert q.example.split(" ", 1)[1].startswith(q.text.removeprefix("Have you ").split(" ", 1)[1][:12])
        assert 2 <= q.yes_level <= 3


def test_a_role_asks_its_skills_by_required_level(tax):
    role = tax.role("machine_learning_engineer")
    levels = [role.level(q.skill) for q in assess.questions_for(role.id)]
    needed = [lvl for lvl in levels if lvl]
    assert needed == sorted(needed, reverse=True) and levels[0] == 3
    texts = {q.skill: q.text for q in assess.questions_for(role.id)}
    assert texts["machine_learning"] == "Have you translated a business problem into a machine learning problem?"
    assert texts["domain_specific_languages"] == "Have you pulled data from a database?"


def test_no_role_asks_the_skills_that_separate_the_roles(tax):
    questions = assess.questions_for(None)
    first = [q.skill for q in questions[:4]]
    spread = sorted(tax.skill_ids, key=lambda s: -assess.separation(s, tax))
    assert first == spread[:4]
    # every role has a skill it needs at 3+ among the first eight questions
    asked = {q.skill for q in questions[:8]}
    for role in tax.roles:
        assert any(role.level(s) >= 3 for s in asked), role.id


@pytest.mark.parametrize(
    ("example", "question"),
    [
        (
            "Writing a script to preprocess training data and send it as input to a model automatically",
            "Have you written a script to preprocess training data and send it as input to a model automatically?",
        ),
        ("Participating in or leading code reviews", "Have you participated in or led code reviews?"),
        ("Evaluate the labeling performance of workers", "Have you evaluated the labeling performance of workers?"),
        (
            "Replacing all non-usable structured data records by NaN using a Python library (e.g. pandas)",
            "Have you replaced all non-usable structured data records by NaN using a Python library (e.g. pandas)?",
        ),
        (
            "Reformatting a data set (for instance, converting images to jpeg and squaring them)",
            "Have you reformatted a data set (for instance, converting images to jpeg and squaring them)?",
        ),
        (
            "Translating a business problem into a machine learning problem. For instance, depending on the data",
            "Have you translated a business problem into a machine learning problem?",
        ),
        ("Applying a dimensionality reduction", "Have you applied a dimensionality reduction?"),
    ],
)
def test_an_example_becomes_a_have_you_question_in_its_own_words(example, question):
    assert assess.as_question(example) == question


def test_each_answer_is_evidence_and_moves_the_profile_and_ranking():
    a = assess.start("mle")
    assert a.role == "machine_learning_engineer" and a.current is not None
    first = a.current
    a = assess.answer(a, "y")
    assert a.profile.levels == {first.skill: first.yes_level}
    assert a.evidence[0].phrase == f"you said yes to: {first.text}" and a.evidence[0].source == "assessment"
    assert a.ranking == match_roles(a.profile)
    second = a.current
    a = assess.answer(a, "a bit")
    assert a.profile.level(second.skill) == 1 and a.evidence[1].phrase.startswith("you said a bit to: Have you")
    a = assess.answer(a, "n")
    assert a.evidence[2].level == 0 and a.questions[2].skill not in a.profile.levels
    with pytest.raises(ValueError, match="answer yes, a bit or no"):
        assess.answer(a, "maybe")
    with pytest.raises(ValueError, match="unknown role 'astronaut'"):
        assess.start("astronaut")


def test_it_stops_early_once_the_top_role_cannot_change(tax):
    a = finish(assess.start("machine_learning_engineer"), "yyyyyyyyyy")
    assert a.done and a.settled and len(a.answers) < len(a.questions)
    top = a.ranking.best.role_id
    # check the claim: every combination of answers to the questions left keeps the same role on top
    left = a.questions[len(a.answers) :]
    for combo in itertools.product(*[(0, 1, q.yes_level) for q in left]):
        levels = a.profile.levels | {q.skill: lvl for q, lvl in zip(left, combo, strict=True)}
        profile = SkillProfile(levels={s: v for s, v in levels.items() if v})
        assert match_roles(profile, tax).best.role_id == top
    done = assess.result(a)
    assert done.stopped_early and done.asked == len(a.answers) and done.role_id == "machine_learning_engineer"
    assert done.plan.role_id == "machine_learning_engineer"
    assert [g.skill for g in done.gaps] == [g.skill for g in done.plan.steps[: len(done.gaps)]]


def test_it_does_not_stop_while_the_top_role_can_change():
    a = assess.answer(assess.start(None), "y")  # research yes: the researcher leads, for now
    assert not a.settled and not a.done
    a = finish(assess.start(None), "ssssssssss")  # a bit of everything: no role pulls ahead for a while
    assert len(a.answers) >= 8


def test_without_a_role_the_plan_is_for_the_best_fit():
    done = assess.result(finish(assess.start(), "nnyynnyynn"))
    assert done.role_id == done.ranking.best.role_id == done.plan.role_id


# -- CLI ---------------------------------------------------------------------------------------------


def test_cli_scripted_run_reaches_the_end_with_evidence_and_ranking():
    result = run("assess", "machine_learning_engineer", stdin="y\ns\nn\ny\ny\nn\ns\ny\nn\ny\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "[1/10] Machine learning: Have you translated a business problem into a machine learning problem?" in out
    assert "You said yes to: Have you translated a business problem" in out
    assert "You said a bit to: Have you" in out and "You said no to: Have you" in out
    assert "Roles, best fit first:\n1. " in out and "6. " in out
    assert "Learning plan for machine learning engineer" in out or "already meets" in out


def test_cli_all_yes_stops_early_and_end_of_input_stops_too():
    result = run("assess", "MLE", stdin="y\n" * 10)
    assert result.exit_code == 0 and "Stopped after" in result.output and "can no longer change" in result.output
    result = run("assess", stdin="y\nmaybe\ns\n")  # no role; an unknown answer is asked again; then input ends
    assert result.exit_code == 0
    assert "Answer y (yes), s (a bit) or n (no)." in result.output
    assert "(end of input: stopping here)" in result.output
    assert result.output.count("You said ") == 2 and "Roles, best fit first:" in result.output


def test_cli_unknown_role_is_one_line():
    result = run("assess", "astronaut", stdin="")
    assert result.exit_code == 1 and "unknown role 'astronaut'" in result.output and "Traceback" not in result.output


# -- web handlers ------------------------------------------------------------------------------------


def test_web_handlers_ask_answer_and_keep_the_assessment(tax):
    from bot.web import events as ev
    from bot.web.render import assessment_markdown, evidence_markdown, ranking_rows
    from bot.web.state import UserState

    ctx = SimpleNamespace(tax=tax)  # the handlers need only the taxonomy
    sent = UserState(levels={"communication": 4}, target="data_analyst").dump()
    state = ev.start_assessment(sent, ctx)
    assert state.assessment.role == "data_analyst" and state.assessment.base == {"communication": 4}
    first = state.assessment.current
    assert first.text in assessment_markdown(state.assessment, tax) and "Question 1 of 10" in assessment_markdown(
        state.assessment, tax
    )
    before = ranking_rows(state.profile, tax)
    state = ev.answer_assessment(state.dump(), ctx, "yes")
    assert state.levels[first.skill] == first.yes_level and state.levels["communication"] == 4
    assert ranking_rows(state.profile, tax) != before
    assert f"you said yes to: {first.text}" in evidence_markdown(state.levels, state.evidence, tax)
    # a reload: the browser sends the stored state back, the next question is where it was
    again = UserState.load(state.dump(), tax)
    assert again.assessment == state.assessment and again.assessment.current == state.assessment.questions[1]
    for reply in ["yes"] * 12:
        state = ev.answer_assessment(state.dump(), ctx, reply)
    assert state.assessment.done and "Assessment done" in assessment_markdown(state.assessment, tax)
    assert ev.answer_assessment(state.dump(), ctx, "no") == UserState.load(state.dump(), tax)  # over: no change


def test_a_bad_stored_assessment_is_dropped_not_the_profile(tax):
    from bot.web.state import UserState

    raw = UserState(levels={"machine_learning": 3}).dump() | {"assessment": {"answers": ["maybe"]}}
    state = UserState.load(raw, tax)
    assert state.assessment is None and state.levels == {"machine_learning": 3}
    raw["assessment"] = {"role": "astronaut", "answers": ["yes"]}
    assert UserState.load(raw, tax).assessment is None
