"""Reading skills from what people say: activities, titles, level words, goals and questions (issue 12 item 5,
issue 11 pattern 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.reading.skills import extract_profile
from evals.clauses import load_clauses, score_clauses

MLE_TEXT = (
    "I train XGBoost and CNN models, engineer features in SQL, pick the evaluation metrics, and I maintain the "
    "service that retrains the models and exposes them over REST"
)
EPI_TEXT = (
    "Epidemiologist: I fit regression models in R and Stata, design studies, test hypotheses, and present the "
    "findings to public health officials"
)


@pytest.fixture(scope="module", params=["words", "embeddings"])
def embedder(request, settings):
    """Both ways the reader runs: word overlap alone (CLI, evals) and with the embedding model (chat)."""
    if request.param == "words":
        return None
    from bot.index.embeddings import get_embeddings

    return get_embeddings(settings)


def _lines(text, tax, embedder) -> str:
    return "\n".join(extract_profile(text, tax, embedder).lines(tax))


def test_the_ml_engineer_description_shows_every_activity(tax, embedder):
    got = extract_profile(MLE_TEXT, tax, embedder)
    lines = "\n".join(got.lines(tax))
    assert "as Modeling > Training machine learning models" in lines
    assert "engineer features in SQL' as domain-specific languages" in lines
    assert "'pick the evaluation metrics' as Modeling > Defining evaluation metrics: machine learning" in lines
    assert (
        "retrains the models' as Deployment > Retraining machine learning models: machine learning, software" in lines
    )
    assert "'exposes them over REST' as Deployment > Building APIs" in lines
    levels = got.profile.levels
    assert levels["software_engineering"] >= 2  # the REST service and the retraining: two activities
    assert levels["machine_learning"] >= 3 and levels["domain_specific_languages"] >= 2


def test_the_epidemiologist_shows_hypotheses_and_presenting(tax, embedder):
    lines = _lines(EPI_TEXT, tax, embedder)
    assert "'I fit regression models in R and Stata' as machine learning" in lines
    assert "'design studies' as Modeling > Fitting probabilistic or statistical models" in lines
    assert "'test hypotheses' as Modeling > Fitting probabilistic or statistical models: data science" in lines
    assert "'present the findings to public health officials' as Business analysis > Presenting" in lines
    assert extract_profile(EPI_TEXT, tax, embedder).profile.level("communication") == 2


def test_how_often_a_skill_is_evidenced_sets_its_level(tax, embedder):
    once = extract_profile("I encrypt the files that store our model parameters", tax, embedder).profile
    assert once.levels == {"software_engineering": 2}
    often = extract_profile(
        "I write unit tests for the pipeline, refactor prototypes into production code and control network "
        "access to our infrastructure",
        tax,
        embedder,
    ).profile
    assert often.level("software_engineering") == 3


def test_level_words_still_apply_to_activities(tax, embedder):
    little = extract_profile("a little experience encrypting model files", tax, embedder).profile
    assert little.level("software_engineering") == 1
    never = extract_profile("I have never encrypted model files", tax, embedder).profile
    assert never.level("software_engineering") == 0


def test_a_tool_counts_for_what_the_activity_needs(tax, embedder):
    """Tableau maps to business acumen and data science; dashboards for sales show business acumen."""
    levels = extract_profile("I build dashboards for the sales team in Tableau", tax, embedder).profile.levels
    assert levels.get("business_acumen", 0) >= 2
    assert "data_science" not in levels


@pytest.mark.parametrize(
    "text",
    [
        "I want to become an ML engineer",
        "I'd like to move into data science",
        "what does a data scientist do?",
        "Which of these roles pays the most?",
        "I'm really interested in computer vision",
        "I want to learn deep learning this year",
        "my teammate handles deployment to AWS",
        "the data science team sits next to me",
        "The business side is handled by our PM",
        "I leave deployment and business stuff to other teams",
        "do i really need to be good at coding algorithms for a data analyst job",
        "write me a python function that reverses a linked list",
        "I want to do a bit of everything, data models, deploying them, infrastructure",
    ],
)
def test_goals_questions_and_other_peoples_work_are_not_the_users_skills(tax, embedder, text):
    assert extract_profile(text, tax, embedder).profile.levels == {}


def test_a_goal_role_is_not_a_skill_but_the_current_title_is(tax, embedder):
    got = extract_profile("I'm a data analyst and want to become an ML engineer", tax, embedder).profile
    analyst = tax.role("data_analyst")
    assert got.levels == {s: e.level for s, e in analyst.profile.items() if e.level > 0}
    assert got.level("machine_learning") == analyst.level("machine_learning")


def test_a_title_is_weak_evidence_and_named_skills_override_it(tax, embedder):
    got = extract_profile("I'm an ML engineer with no deep learning and expert SQL", tax, embedder)
    assert got.profile.level("deep_learning") == 0 and got.profile.level("domain_specific_languages") == 4
    mle = tax.role("machine_learning_engineer")
    assert got.profile.level("software_engineering") == mle.level("software_engineering")
    title = next(e for e in got.evidence if e.skill == "software_engineering")
    assert title.source == "role" and "ML engineer" in title.phrase


def test_hate_is_never_a_working_level(tax, embedder):
    assert extract_profile("I hate coding", tax, embedder).profile.level("algorithmic_coding") == 0
    assert extract_profile("I've heard of transformers but never used them", tax, embedder).profile.levels == {
        "deep_learning": 0
    }


def test_a_negation_or_dislike_covers_only_what_it_is_about(tax, embedder):
    got = extract_profile(
        "I read research papers every week and have never deployed anything, ML math bores me", tax, embedder
    ).profile
    assert got.level("research") >= 2
    assert got.level("software_engineering") == 0  # "never deployed" reads nothing from deployment
    assert got.level("machine_learning") == 0 and got.level("mathematics") == 0


def test_no_level_is_invented(tax, embedder):
    """Only what is said: one tool named gives one skill, and nothing else appears."""
    assert extract_profile("I know SQL", tax, embedder).profile.levels == {"domain_specific_languages": 2}
    assert extract_profile("I live in Lyon and enjoy hiking and chess", tax, embedder).profile.levels == {}


def test_precision_on_the_labelled_clauses(embedder):
    """At most 1 clause in 10 read as a skill it does not show (evals/datasets/clauses.yaml)."""
    scores = score_clauses(load_clauses(), embedder)
    assert scores.clause_precision >= 0.9, scores.errors
    assert scores.skill_recall >= 0.8, scores.errors


def test_a_title_is_a_floor_for_readings_without_a_level_word(tax, embedder):
    """ "Algorithm engineer, 5 years. I train gradient boosted models": an activity read without a level word
    says "at least working", it does not lower the levels the user's own title gives."""
    got = extract_profile("Research engineer. I train speech recognition models", tax, embedder).profile
    both = [tax.role("machine_learning_engineer"), tax.role("machine_learning_researcher")]
    assert got.level("machine_learning") == min(r.level("machine_learning") for r in both)
    # a stated level still overrides the title
    assert (
        extract_profile("Research engineer with a little machine learning", tax, embedder).profile.level(
            "machine_learning"
        )
        == 1
    )


def test_a_title_opening_the_text_may_carry_modifiers(tax, embedder):
    got = extract_profile("Deep learning researcher in vision. I publish at CVPR", tax, embedder)
    assert got.profile.level("research") == tax.role("machine_learning_researcher").level("research")
    assert extract_profile("Backend engineer turned ML engineer", tax, embedder).profile.level(
        "machine_learning"
    ) == tax.role("machine_learning_engineer").level("machine_learning")


@pytest.mark.parametrize(
    ("text", "skill", "level"),
    [
        ("I build ML services. Some machine learning", "machine_learning", 2),  # a level word beats a work verb
        ("over the last two years I've been designing models in scikit-learn", "machine_learning", 2),
        ("Four years of backend work in Go", "software_engineering", 3),
        ("my linear algebra and stats are pretty good", "mathematics", 3),
        ("my SQL is basic", "domain_specific_languages", 1),
        ("Postdoc working on Bayesian machine learning", "machine_learning", 4),
        ("I keep up with arXiv and review for ICLR", "research", 2),
        ("I sit next to our ML team", "machine_learning", None),  # the team's, not the user's
        # a CV headline's "|" separates its items: the years of one item are no level of the names in another
        ("Marketing analyst | Python and SQL | 9 yrs in retail", "domain_specific_languages", 3),
        ("Writing software for fifteen years", "communication", None),  # writing code is no communication skill
        ("strong writing skills", "communication", 3),
        ("I keep the alerting for our ML platform running", "machine_learning", None),  # the team's product
        ("great at statistics, okay at SQL", "data_science", 3),  # everyday level words
        ("excellent Python skills", "algorithmic_coding", 4),
        # presenting work is the communication skill the taxonomy describes by it, whatever the words
        ("I explain the results to the claims managers", "communication", 2),
        # turning numbers into decisions is the business acumen the taxonomy describes by it
        ("I turn the analyses into recommendations for the buyers", "business_acumen", 2),
        ("I can write python functions", "software_engineering", None),  # writing code alone is no clean-code work
        ("I fine-tune pretrained models", "deep_learning", 2),  # the subtask's name names the skill it is work in
        # the feeling after "who" is the directors', not the user's
        ("I present the results to directors who don't care about model details", "communication", 2),
    ],
)
def test_general_reading_mistakes_are_fixed(tax, embedder, text, skill, level):
    assert extract_profile(text, tax, embedder).profile.levels.get(skill) == level


def test_any_activity_of_a_task_shows_the_skill_all_its_subtasks_need(tax, embedder):
    """Every deployment subtask needs software engineering ("Deployment activities require the ability to write
    production code"): fitting a model on an edge device shows it even when the words name only the model."""
    got = extract_profile("I make models small enough for edge devices with pruning and quantization", tax, embedder)
    assert got.profile.level("software_engineering") >= 2
    line = "\n".join(got.lines(tax))
    assert "Fitting models on resource-constrained devices: machine learning, software engineering" in line


def test_a_tool_alone_names_no_activity(tax, embedder):
    """ "Python and SQL" and "write SQL every day" are no work on database systems (whose example names SQL)."""
    assert extract_profile("Python and SQL", tax, embedder).activities == []
    got = extract_profile("I write SQL every day", tax, embedder)
    assert got.activities == [] and got.profile.levels == {"domain_specific_languages": 3}


def test_subtasks_the_words_cannot_tell_apart_are_told_apart_by_their_names(tax):
    """Words alone (the CLI and CV reader): "I train models" is training models, not five subtasks whose
    examples say "train" or "model" somewhere; "reports on sales data" is building dashboards for business
    intelligence, not the virtuous cycle of machine learning projects (the CV line read as that)."""
    assert {a.subtask for a in extract_profile("I train models", tax).activities} == {
        "training_ml_models",
        "training_dl_models",
    }
    got = extract_profile("Solid SQL every day: queries and reports on sales data", tax)
    assert {a.subtask for a in got.activities} == {"building_dashboards"}


def test_a_team_named_after_a_skill_shows_no_skill_in_an_activity(tax, embedder):
    got = extract_profile(
        "I built the labeling tool and the data version control system for our ML team", tax, embedder
    )
    assert "labeling_data" in {a.subtask for a in got.activities}
    assert got.profile.level("machine_learning") == 0


def test_an_activity_line_says_what_else_the_reports_say_it_needs(tax, embedder):
    lines = _lines(EPI_TEXT, tax, embedder)
    assert (
        "'test hypotheses' as Modeling > Fitting probabilistic or statistical models: data science (also needs "
        "mathematics, algorithmic coding)" in lines
    )


def test_word_stems_undo_a_doubled_consonant():
    from bot.reading.words import norm

    assert norm("fitting") == norm("fitted") == norm("fit") == "fit"
    assert norm("running") == "run" and norm("rolling") == "roll" and norm("retraining") == "retrain"
    assert norm("built") == norm("building") == "build"


def test_a_words_subtasks_and_weight_are_looked_up_as_every_stem_compared_would_find_them(tax):
    """`ActivityIndex` finds the subtask stems that are the same word as a user's word (`same`: equal, a start of 4
    letters or more that leaves at most PREFIX_REST letters, or of 6 or more, the same first 7 letters, or a
    synonym's) by lookup: the same subtasks and idf as comparing
    the word with every stem of every subtask, for every word of the eval sets and the subtasks, and their starts;
    and the skills' words that are the same word as it (what `supported_skills` reads), likewise."""
    import math
    from pathlib import Path

    import yaml

    from bot.reading.activities import ActivityIndex
    from bot.reading.words import _GROUPS, same, stems, variants

    index = ActivityIndex(tax)
    texts = [
        yaml.safe_dump(yaml.safe_load(p.read_text()))
        for p in (Path(__file__).resolve().parent.parent / "evals" / "datasets").glob("*.yaml")
    ]
    words = {w for t in texts for w in stems(t)} | {s for sub in index.subs for s in sub.stems}
    words |= {w[:n] for w in list(words) for n in range(1, len(w))} | {w + "x" for w in list(words)}
    for word in sorted(words):
        forms = variants(word)
        assert forms == {word}.union(*(g for g in _GROUPS if any(same(word, s) for s in g))), word
        subs = {j for j, sub in enumerate(index.subs) if any(same(f, s) for f in forms for s in sub.stems)}
        close = [v for w, v in index.idf.items() if any(same(f, w) for f in forms)]
        assert index._subs_of(word) == subs, word
        assert index._idf(word) == (index.idf.get(word) or max(close, default=math.log(1 + len(index.subs)))), word
    # and the skills' words a clause's words show (`supported_skills`), the same way
    skill_stems = {v for sets in index.skill_words.values() for p in sets for v in p}
    for word in sorted(words | skill_stems):
        assert index._skill_stems.same_as(word) == {v for v in skill_stems if same(word, v)}, word


def test_patterns_not_searched_for_are_those_that_cannot_match(tax, monkeypatch):
    """The reader skips a pattern whose words are not in the clause (`_could_match`): the same readings as searching
    every pattern in every clause, for every text of the eval sets, in ASCII and not."""
    from pathlib import Path

    import yaml

    from bot.reading import levels, skills

    texts = []
    for path in (Path(__file__).resolve().parent.parent / "evals" / "datasets").glob("*.yaml"):
        for item in yaml.safe_load(path.read_text()):
            texts += [v for k, v in item.items() if k in ("text", "question", "clause") and isinstance(v, str)]
    texts += [t.replace("a", "\u00e0") for t in texts[:50]] + ["Ich kann R und SQL, C++ in Stra\u00dfe"]
    assert len(texts) > 300

    def readings():
        levels._level_marks.cache_clear()
        out = []
        for text in texts:
            try:
                got = extract_profile(text, tax)
            except ValueError:
                out.append(None)
                continue
            out.append((got.profile.levels, [e.model_dump() for e in [*got.evidence, *got.activities]]))
        return out

    skipping = readings()
    monkeypatch.setattr(skills, "_could_match", lambda terms, text: terms)
    monkeypatch.setattr(levels, "_could_match", lambda terms, text: terms)
    assert readings() == skipping


def test_an_adverb_after_the_skill_sets_its_level(tax, embedder):
    assert extract_profile("i know statistics really well", tax, embedder).profile.level("data_science") == 3
    assert extract_profile("i know some statistics", tax, embedder).profile.level("data_science") == 2


def test_the_chat_reads_the_same_activities_as_the_profile_panel(tax, settings):
    """The chat (with the embedding model) and the web app's profile panel (words alone) read the same activities
    from a self-description, so the role ranked in the chat is the one the panel shows."""
    from bot.index.embeddings import get_embeddings

    model = get_embeddings(settings)
    for text in (
        "I spend my days tidying messy spreadsheets and walking the board through the numbers",
        "I look after the servers our recommendation models run on and keep the pipelines healthy",
        "Mostly I write small python helpers for the analysts and fix whatever breaks in the nightly jobs",
        "I read papers on weekends and tried to reproduce a transformer paper from scratch",
    ):
        chat = extract_profile(text, tax, model).activities
        panel = extract_profile(text, tax).activities
        assert [(e.subtask, e.phrase) for e in chat] == [(e.subtask, e.phrase) for e in panel], text


@pytest.mark.parametrize(
    ("text", "skill", "level"),
    [
        ("software engineering is my nightmare", "software_engineering", 0),  # a dislike after the skill
        ("I suck at math", "mathematics", 0),  # a weakness before it
        ("I avoid coding whenever I can", "algorithmic_coding", 0),
        ("statistics is my weak spot", "data_science", 0),
        ("a bit of SQL", "domain_specific_languages", 1),  # a hedge
        ("years of experience with deep learning", "deep_learning", 3),  # a degree without a number
        ("I build regression models in Python and R", "algorithmic_coding", 2),  # a language used, not worked on
        ("Biostatistician", "data_science", 2),  # a common title the reports do not list: weak evidence
    ],
)
def test_issue_22_reading_mistakes(tax, text, skill, level):
    assert extract_profile(text, tax).profile.levels.get(skill) == level


@pytest.mark.parametrize(
    "text",
    [
        "<div class='profile'>I like data</div>",  # markup is not software engineering
        "```python\nimport torch\nmodel.fit(x)\n```",  # nor is pasted code
        'The job ad says "strong Python, Kubernetes and deep learning experience required for this role"',
        "the posting asks for Spark, Scala and TensorFlow",
    ],
)
def test_markup_code_and_quoted_job_ads_are_not_read_as_skills(tax, text):
    assert extract_profile(text, tax).profile.levels == {}


def test_a_dislike_is_never_read_as_a_skill_by_either_reader(tax):
    """The question reader and the skill reader share the polarity cues (prompts/polarity.yaml)."""
    from bot.reading.polarity import polarity

    for text in ("statistics is my nightmare", "I can't stand writing production code", "I dread SQL"):
        assert polarity(text) == "dislikes"
        assert not any(extract_profile(text, tax).profile.levels.values())


def test_no_labelled_dislike_or_weakness_is_read_as_a_skill(tax):
    """The 44 clauses of knowledge/training/clauses.yaml labelled as a dislike or a weakness ("writing SQL all day
    would be my nightmare", "my stats are weak") read no skill at 1 or more."""
    clauses = yaml.safe_load((Path(__file__).resolve().parents[1] / "knowledge/training/clauses.yaml").read_text())
    negative = [c["text"] for c in clauses if c["polarity"] in ("dislikes", "lacks")]
    assert len(negative) >= 40
    read = [t for t in negative if any(v >= 1 for v in extract_profile(t, tax).profile.levels.values())]
    assert read == []


def test_a_negation_does_not_carry_past_the_list_it_is_about(tax):
    """ "nothing fancy" ends its own clause: the tools listed after the next full clause are the user's."""
    text = "I tuned a model with the default settings, nothing fancy. I also run the API on AWS. Mostly Python and Go."
    assert extract_profile(text, tax).profile.level("algorithmic_coding") >= 2


def test_a_negation_said_of_something_before_does_not_carry_to_the_next_list(tax):
    """ "I was never part of it" is about the team just named; the speciality after the degree is the user's."""
    text = "There's a platform team for the serving, I was never part of it. PhD in CS (statistics), 3 yrs."
    assert extract_profile(text, tax).profile.level("data_science") >= 2


def test_who_the_user_is_not_heads_no_negated_list(tax):
    """ "I'm no longer a data analyst:" says who they are not; a heading that lists what they avoid still negates."""
    read = extract_profile("I'm no longer a data analyst: I write SQL all week.", tax)
    assert read.profile.level("domain_specific_languages") >= 2
    assert extract_profile("I'm not a fan of: SQL, Excel", tax).profile.level("domain_specific_languages") == 0


def test_edge_deployment_in_the_reports_words_is_fitting_models_on_constrained_devices(tax):
    read = extract_profile("I get our detectors ready for edge deployment", tax)
    assert [a.subtask for a in read.activities] == ["fitting_models_on_constrained_devices"]


def test_a_degrees_field_of_study_shows_its_skills_at_working_where_nothing_else_does(tax):
    read = extract_profile("Three years in logistics, physics MSc.", tax)
    assert read.profile.level("mathematics") == 2
    said = next(e for e in read.evidence if e.skill == "mathematics")
    assert said.source == "degree" and "inferred from the degree's field" in said.describe(tax)
    assert extract_profile("I build physics engines for games", tax).profile.level("mathematics") == 0
    assert extract_profile("engineering undergrad, now in retail", tax).profile.level("mathematics") == 2
    # what the person says of the skill itself wins over the field
    assert extract_profile("BSc economics, and my maths is rusty", tax).profile.level("mathematics") < 2


def test_years_in_the_job_deepen_what_the_work_shows(tax):
    once = "I build demand forecasting models for a retailer."
    assert extract_profile(once, tax).profile.level("machine_learning") == 2
    assert extract_profile(once + " 6 yrs in.", tax).profile.level("machine_learning") == 3


@pytest.mark.parametrize(
    "text",
    [
        "I build churn models in python. Things I never touch: deployment to production, the API side.",
        "I build churn models in python. Weak spot: deployment, cloud infrastructure.",
        "I build churn models in python. A kind backend developer packages my scripts as services.",
        "I build churn models in python. Another team deploys them to production.",
        "I build churn models in python. Putting them in production is IT's problem, not mine.",
    ],
)
def test_work_under_a_negative_heading_or_done_by_others_is_not_the_users(tax, text):
    assert extract_profile(text, tax).profile.level("software_engineering") == 0


def test_a_level_said_of_skills_shows_a_tool_further_down_the_list_at_working_at_most(tax):
    got = extract_profile("Solid statistics, linear algebra, GitHub and Jira", tax).profile
    assert got.level("data_science") == 3 and got.level("mathematics") == 3 and got.level("software_engineering") == 2


def test_a_short_word_is_not_the_longer_word_it_begins(tax):
    """ "part" is not "participate" (a code-review example) nor "know" "knowledge"; "evalu" is "evaluate"."""
    from bot.reading.words import same

    assert not same("part", "participat") and not same("know", "knowledg") and same("evalu", "evaluat")
    got = extract_profile("I build churn models. Favourite part: the detective work.", tax)
    assert got.profile.level("software_engineering") == 0


def test_a_doctorate_shows_research_at_solid(tax):
    got = extract_profile("PhD in robotics, now I design control algorithms for drones.", tax).profile
    assert got.level("research") == 3
    assert extract_profile("I design control algorithms for drones.", tax).profile.level("research") == 0


def test_a_clause_of_one_activity_word_is_read(tax):
    """ "Plotting, mostly." names an activity in one word: it is read (it was dropped as too short)."""
    got = extract_profile("Retail, eight years. Plotting, mostly.", tax).activities
    assert [a.subtask for a in got] == ["building_data_visualizations"]


def test_one_word_in_common_that_is_not_the_activitys_name_reads_no_activity(tax):
    """ "vector" is in an example of training machine learning models (support vector machines), but "vector art"
    and "a vector store" train nothing; "plotting" is the visualizations' own word (a synonym of their name)."""
    assert extract_profile("Hobby: vector art.", tax).activities == []
    assert extract_profile("a vector store", tax).profile.levels == {}


def test_a_weakness_in_a_skill_the_work_shows_is_a_low_level_not_none(tax):
    """A weakness stated beside work that shows the skill: weak (aware), not absent; alone it stays none."""
    weakness = "Honestly the theory of machine learning is my weak spot"
    both = extract_profile(f"I train scikit-learn models for our pricing. {weakness}", tax)
    assert both.profile.level("machine_learning") == 1
    alone = extract_profile(weakness, tax)
    assert alone.profile.level("machine_learning") == 0


def test_two_verbs_sharing_an_object_each_do_it(tax):
    """ "train and deploy models": the models are trained as well as deployed."""
    got = {a.subtask for a in extract_profile("I train and deploy models for a living.", tax).activities}
    assert "training_ml_models" in got


def test_what_the_user_does_put_as_a_what_clause_is_read_as_a_statement(tax):
    got = extract_profile("On paper I'm in sales. What I mostly do is pull data from the warehouse.", tax)
    assert "querying_data" in {a.subtask for a in got.activities}


def test_a_tool_the_user_does_not_use_leaves_the_skill_their_work_shows(tax):
    got = extract_profile("I run experiments and test hypotheses on our data. I don't do dashboards.", tax)
    assert got.profile.level("data_science") >= 2


def test_a_role_title_written_with_a_comma_as_in_job_ads_is_the_role(tax):
    from bot.people.matching import match_roles

    got = extract_profile("Software Engineer, Machine Learning | feature pipelines, Kubernetes", tax)
    assert match_roles(got.profile, tax).best.role_id == "software_engineer_ml"


def test_a_job_title_in_quotes_is_the_users_title(tax):
    got = extract_profile("I'm an 'algorithm engineer' at a parcel company.", tax)
    assert any(e.source == "role" for e in got.evidence) and got.profile.level("software_engineering") == 3


def test_a_roles_variant_as_a_title_is_that_role(tax):
    from bot.people.matching import match_roles

    got = extract_profile("Deep learning engineer, speech team. I like it when models ship.", tax)
    assert match_roles(got.profile, tax).best.role_id == "machine_learning_engineer"
