"""Questions are typed by their shape and the taxonomy entities they name, whatever the wording (no model
needed: these run on the rules alone)."""

from __future__ import annotations

import pytest

from bot.reading.question import find_entities, fix_spelling, uncovered_topic
from bot.reading.router import Router


@pytest.fixture(scope="module")
def router(tax):
    return Router(tax)  # no embedder: the rules alone


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("does a data analyst need algorithmic coding?", "yes_no"),
        ("is it true software engineers don't need statistics", "yes_no"),
        ("mle uses jira?", "yes_no"),
        ("which roles carry out deployment?", "who"),
        ("who uses tableau", "who"),
        ("what tools does a data analyst use?", "needs"),
        ("skills for a data sientist?", "needs"),
        ("data analyst vs machine learning enginer", "contrast"),
        ("how does a DS org differ from an ML org", "contrast"),
        ("what changed between the 2019 and 2020 editions?", "contrast"),
        ("how do i go from data scientist to machine learning engineer", "transition"),
        ("what should I learn to become an MLE?", "plan"),
        ("I love math but hate coding, which role suits me?", "preference"),
        ("why would a company hire a swe-ml", "why"),
        ("what comes after modeling?", "sequence"),
        ("what is a deep learning engineer?", "describe"),
        ("what does deployment look like? I imagine servers and alerts", "describe"),  # "look like" is no like
        ("I train models and serve them behind an API. what would I be in AI terms?", "fit"),
        ("thanks, that helps!", "smalltalk"),
        ("Do I need a master's degree to work as a data scientist?", "not_covered"),
    ],
)
def test_question_kind(router, question, kind):
    assert router.route(question).kind == kind


def test_entities_from_names_aliases_and_typos(tax):
    ents = find_entities("how is an ML engineer different from a SWE-ML and a data sientist in a DS org?", tax)
    assert ents.roles == ["machine_learning_engineer", "software_engineer_ml", "data_scientist"]
    assert ents.orgs == ["data_science"]
    assert find_entities("a DS project", tax).roles == []  # the field, not the role
    assert find_entities("what does a data engineer do", tax).roles == ["software_engineer"]  # a title of the SWE
    assert fix_spelling("the reports say enginer", tax) == "the reports say engineer"  # "reports" stays


def test_the_taxonomys_own_names_are_not_uncovered_topics(tax):
    assert uncovered_topic("I use google sheets and SQL", tax) is None
    assert uncovered_topic("is google hiring data scientists?", tax) == "companies and hiring"


def test_making_things_is_no_question_about_pay(tax):
    assert uncovered_topic("which skills do I need if I make dashboards all day?", tax) is None
    assert uncovered_topic("how much would I make as a data analyst in year one?", tax) == "salaries"


def test_a_topic_word_in_what_people_say_of_themselves_does_not_decline_where_it_leads(mentor):
    """The word of an uncovered topic in a statement about oneself, and a question about where that leads: answered."""
    question = "My LinkedIn headline says data analyst, but I mostly train xgboost models. What am I, really?"
    assert mentor.ask(question).kind != "not_covered"
    assert mentor.ask("I build ML models all day. How much would I make as an MLE?").kind == "not_covered"


def test_the_spelling_fix_picks_what_difflib_picks_among_all_targets(tax):
    """`_closest` hands difflib only the targets whose letters can reach its cutoff: the same pick as before."""
    import difflib
    import random

    from bot.reading.entities import _closest, _known_words

    _, targets = _known_words(tax)
    rng = random.Random(0)
    words = ["enginer", "sientist", "diffrent", "anaylst", "zzzzzz"]
    for target in rng.sample(targets, 150):  # a letter dropped, added or changed
        i = rng.randrange(len(target))
        words += [target[:i] + target[i + 1 :], target[:i] + "e" + target[i:], target[:i] + "x" + target[i + 1 :]]
    for word in words:
        near = [t for t in targets if abs(len(t) - len(word)) <= 2]
        expected = difflib.get_close_matches(word, near, n=1, cutoff=0.85)
        assert _closest(word, targets) == (expected[0] if expected else word), word


def test_the_plural_of_every_role_name_is_that_role(tax):
    assert find_entities("why do companies hire swe-mls instead of mles", tax).roles == [
        "software_engineer_ml",
        "machine_learning_engineer",
    ]


def test_the_english_words_read_from_wordfreqs_list_are_those_it_rates_ordinary():
    """bot/reading/english.py reads wordfreq's file directly (fast): it must agree with wordfreq's own reading."""
    import random

    from wordfreq import top_n_list, zipf_frequency

    from bot.reading.english import ENGLISH, english_words

    words = english_words()
    sample = random.Random(7).sample(top_n_list("en", 200_000), 3000)
    sample = [w for w in sample if w.isalpha() and w.islower()]
    assert [w for w in sample if (w in words) != (zipf_frequency(w, "en") >= ENGLISH)] == []
    assert "concretely" in words and "sientist" not in words


def test_quote_marks_around_a_word_do_not_split_a_name(tax):
    """ "a 'hybrid' AI organisation" names the hybrid organization; the apostrophe of "what's" is not a quote mark."""
    assert find_entities("how is a 'hybrid' AI organisation set up?", tax).orgs == ["hybrid"]
    assert find_entities("how do ‘data science’ orgs work?", tax).orgs == ["data_science"]


def test_a_lowercase_r_in_chat_is_are_and_a_capital_r_is_the_language(tax):
    assert find_entities("which skills r used in deployment", tax).tools == []
    assert find_entities("is R used in deployment", tax).tools == ["r"]


def test_who_is_right_asks_about_the_roles_the_story_names_not_about_an_activity(router):
    told = "One VP wants a data scientist, the other a machine learning engineer."
    assert router.route(f"{told} Who's right?").entities.roles == ["data_scientist", "machine_learning_engineer"]
    assert router.route(f"{told} Who adds storage when the disk is full?").entities.roles == []
