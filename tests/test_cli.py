"""The `career-mentor` command line as a user meets it."""

from __future__ import annotations

import json

from click.testing import CliRunner

from bot.cli import main


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def test_index_and_search_json(index):
    result = run("index")
    assert result.exit_code == 0 and "passages" in result.output
    result = run("search", "which roles deploy models", "--json")
    assert result.exit_code == 0
    hits = json.loads(result.output)
    assert len(hits) == 5 and all({"text", "section", "edition", "citation"} <= set(h) for h in hits)


def test_search_errors_are_friendly(index):
    result = run("search", "  ")
    assert result.exit_code == 1 and "query is empty" in result.output
    result = run("search", "x", "--role", "astronaut")
    assert result.exit_code == 1 and "unknown role" in result.output and "Traceback" not in result.output


def test_match_json_ranks_analyst_first():
    result = run("match", "I know SQL and Tableau", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["ranking"][0]["role_id"] == "data_analyst"
    assert {"role_id", "role", "score", "gaps"} <= set(data["ranking"][0])
    assert data["profile"]["domain_specific_languages"]["evidence"]["phrase"]


def test_match_with_skill_flags():
    result = run("match", "--skill", "ml=4", "--skill", "research=4", "--skill", "math=4", "--skill", "dl=3")
    assert result.exit_code == 0
    assert result.output.split("Roles, best fit first:")[1].strip().startswith("1. Machine learning researcher")


def test_plan_for_analyst_to_mle():
    result = run("plan", "--role", "machine_learning_engineer", "I am a data analyst: SQL, Excel, Tableau")
    assert result.exit_code == 0
    assert "Deployment >" in result.output and "Modeling >" in result.output
    first_step = result.output.split("\n1. ")[1].split(":")[0]
    assert first_step in {"Software engineering", "Machine learning", "Algorithmic coding", "Mathematics"}


def test_bad_match_input():
    assert "tell me your skills" in run("match", "").output
    result = run("match", "purple elephants dance")
    assert result.exit_code == 0 and "could not find any skills" in result.output
    result = run("match", "--skill", "ml=7")
    assert result.exit_code == 1 and "between 0 and 4" in result.output
    result = run("match", "--skill", "cooking=2")
    assert result.exit_code == 1 and "unknown skill 'cooking'" in result.output


def test_a_pasted_book_is_refused_at_once_not_read():
    result = run("match", "I know SQL. " * 90_000)  # about 1 MB
    assert result.exit_code == 1 and "too long" in result.output and "the limit is 4,000" in result.output


def test_a_cv_on_standard_input_is_read_and_a_pasted_book_refused():
    cv = "Jane Doe\nData analyst, 2019-2024\n- SQL and Tableau dashboards every day\n- Excel reporting\n"
    result = run("match", "-", "--json", stdin=cv)
    assert json.loads(result.output)["ranking"][0]["role_id"] == "data_analyst"
    result = run("plan", "--role", "MLE", "-", stdin=cv)
    assert result.exit_code == 0 and "Learning plan for machine learning engineer" in result.output
    result = run("match", "-", stdin="I know SQL. " * 90_000)  # about 1 MB: more than a shell argument holds
    assert result.exit_code == 1 and "too long" in result.output


def test_zero_width_characters_do_not_hide_skills():
    result = run("match", "--json", "I know S\u200bQL and Tab\u200bleau")
    assert json.loads(result.output)["ranking"][0]["role_id"] == "data_analyst"


def test_a_bad_setting_is_named_not_a_traceback(monkeypatch):
    from bot.settings import get_settings

    monkeypatch.setenv("CAREER_MENTOR_TOP_K", "five")
    get_settings.cache_clear()
    try:
        result = run("search", "labeling data")
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "CAREER_MENTOR_TOP_K='five': Input should be a valid integer" in result.output
