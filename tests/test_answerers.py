"""Each reply opens by answering the question that was asked (issue 11's examples, with no LLM): the first line
says yes or no, names both sides of a contrast, admits what the reports don't cover, or gives the verdict."""

from __future__ import annotations

import pytest

from conftest import assert_citations_resolve


def first_line(answer) -> str:
    return answer.text.strip().splitlines()[0].lower()


def ask(mentor, *turns: str):
    session = mentor.new_session()
    for turn in turns[:-1]:
        mentor.ask(turn, session)
    return mentor.ask(turns[-1], session)


def test_is_it_true_software_engineers_dont_need_statistics(mentor, retriever):
    answer = ask(mentor, "Is it true software engineers don't need statistics?")
    assert answer.kind == "yes_no"
    assert first_line(answer).startswith("yes, that's right")
    assert "statistics" in first_line(answer) and "software engineers" in first_line(answer)
    assert_citations_resolve(answer, retriever)


def test_does_an_ml_engineer_need_cloud_tools(mentor, retriever):
    answer = ask(mentor, "Does an ML engineer need to know cloud tools?")
    assert first_line(answer).startswith("yes")
    assert "AWS, GCP, and Azure" in answer.text  # the report's own tool line, cited
    assert_citations_resolve(answer, retriever)


def test_a_data_analyst_needs_no_algorithmic_coding(mentor):
    answer = ask(mentor, "does a data analyst need algorithmic coding?")
    assert first_line(answer).startswith("no")
    assert "data analysts don't need algorithmic coding skills" in answer.text.lower()  # the report's "They", named


@pytest.mark.parametrize("who", ["ML researchers", "ML engineers"])
def test_a_variants_sentence_is_quoted_as_the_variants_of_the_role_asked(mentor, who):
    # the reports say "This role requires deep learning knowledge ..." of each deep learning variant
    line = first_line(ask(mentor, f"is deep learning a must for {who}?"))
    variant = {"ML researchers": "deep learning researcher", "ML engineers": "deep learning engineer"}[who]
    assert f"is called {variant}. this role requires deep learning knowledge" in line


def test_ml_vs_ds_organization_names_both_outputs(mentor):
    answer = ask(mentor, "What's the output of a machine learning organization compared to a data science one?")
    line = first_line(answer)
    assert "data science organization" in line and "machine learning organization" in line
    assert "actionable insights" in line and "automation itself" in line


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Do I need a master's degree to work as a data scientist?", "degrees"),
        ("which bootcamp is best for becoming a data analyst?", "bootcamps"),
        ("what is the salary of an MLE in Paris?", "salaries"),
    ],
)
def test_what_the_reports_dont_cover_is_said_first_then_what_they_do_say(mentor, question, topic):
    answer = ask(mentor, question)
    assert answer.kind == "not_covered" and answer.intent == "out_of_scope"
    assert first_line(answer).startswith("the reports don't cover") and topic in first_line(answer)
    role = "data scientist" if "scientist" in question else "data analyst" if "analyst" in question else "machine"
    assert f"what they do say about the {role}" in answer.text.lower()
    assert "Notes" not in answer.text and "nearby" not in answer.text  # no bare section names
    assert "learning plan" not in answer.text.lower() and "closest role" not in answer.text.lower()


def test_a_question_the_reports_do_answer_is_not_refused(mentor):
    for question in (
        "what are the differences between the 2019 and 2020 editions?",
        "why would a company hire one swe-ml instead of a swe plus a data scientist?",
        "who should i send feedback on the report to?",
    ):
        assert "don't cover" not in first_line(ask(mentor, question)), question


def test_how_does_that_compare_keeps_the_role_under_discussion(mentor):
    answer = ask(
        mentor, "Tell me about the data analyst role", "How does that compare with a machine learning engineer?"
    )
    assert answer.kind == "contrast"
    assert "data analyst" in first_line(answer) and "machine learning engineer" in first_line(answer)
    assert "modeling" in first_line(answer)  # what differs: the ML engineer's tasks


def test_why_hire_one_instead_of_two_finds_the_one_person_team(mentor):
    answer = ask(
        mentor,
        "tell me about the machine learning engineer role",
        "why would a company hire one instead of two people?",
    )
    assert answer.kind == "why"
    assert "less costly and quicker to fill a single position" in answer.text


def test_role_fit_opens_with_the_verdict(mentor):
    answer = ask(mentor, "I'm a software engineer. Which AI role is the closest fit for me?")
    assert answer.intent == "role_fit" and answer.tool_calls[0].name == "match_roles"
    assert first_line(answer).startswith("the closest role for you is software engineer, then")
    assert "fit 0." not in answer.text  # a score means nothing to a reader; the ranking panel shows them
    assert not answer.text.startswith("Profile read")


def test_role_descriptions_carry_no_card_lines_or_figure_references(mentor):
    answer = ask(mentor, "what does a machine learning researcher do?")
    assert "Role: Machine learning researcher." not in answer.text
    assert "Figure" not in answer.text
    assert first_line(answer).startswith("machine learning researchers carry out data engineering and modeling")


def test_an_optional_specialisation_is_not_a_task_of_the_role(mentor):
    answer = ask(mentor, "In what ways does an ML researcher differ from a data scientist?")
    line = first_line(answer)
    assert "machine learning researcher carries out data engineering and modeling;" in line
    assert "deployment" not in line and "ai infrastructure" not in line
    yes_no = ask(mentor, "Do machine learning researchers work on deployment?")
    assert first_line(yes_no).startswith("some do, as a specialisation")


def test_thanks_gets_a_short_reply_not_the_greeting(mentor):
    answer = ask(mentor, "what does a data analyst do?", "thanks!")
    assert "welcome" in answer.text.lower() and "I'm Career Mentor" not in answer.text
    assert len(answer.text) < 150


def test_what_do_they_use_for_that_resolves_both_pronouns(mentor):
    answer = ask(mentor, "which roles carry out deployment?", "what does a machine learning engineer use for that?")
    assert "AWS" in first_line(answer).upper()
    follow = ask(mentor, "tell me about machine learning engineers", "what is deployment?", "what do they use for it?")
    assert "aws" in first_line(follow) and "machine learning engineers" in first_line(follow)


def test_and_for_a_data_scientist_asks_the_same_question_again(mentor):
    answer = ask(mentor, "what tools does a data analyst use?", "and for a data scientist?")
    assert answer.kind == "needs"
    assert "data scientists use" in first_line(answer) and "pytorch" in first_line(answer)


def test_skills_said_in_an_earlier_turn_are_used_by_the_next_ranking(mentor):
    answer = ask(mentor, "I know SQL, Excel and Tableau, and some statistics", "so which role fits me?")
    assert "the closest role for you is data analyst" in first_line(answer)
    assert "fit 0.00" not in answer.text


def test_a_goal_role_is_not_read_as_a_skill_the_user_has(mentor):
    answer = ask(mentor, "what should I learn to become an ML engineer?")
    line = first_line(answer)
    assert "build up machine learning" in line and "to solid" in line  # still to learn: not taken as known


def test_editions_question_is_answered_from_the_recorded_differences(mentor):
    answer = ask(mentor, "is the centralized vs decentralized thing in both reports?")
    assert "2019" in first_line(answer) and "not mentioned" in first_line(answer)


def test_transition_plan_starts_from_the_role_the_user_has(mentor):
    answer = ask(mentor, "im a data analyst, how do i move into data science")
    line = first_line(answer)
    assert line.startswith("to move from data analyst to data scientist")
    assert "machine learning" in line


def test_which_of_the_six_roles_do_data_engineering(mentor):
    assert first_line(ask(mentor, "which of the 6 roles touch data engineering")).startswith("all six roles")


def test_what_comes_after_a_step_of_the_life_cycle(mentor):
    answer = ask(mentor, "in the life cycle what comes right after preparing the data")
    assert answer.kind == "sequence" and first_line(answer).startswith("after data engineering comes modeling")
    follow = ask(mentor, "what is deployment?", "and what comes before it?")
    assert first_line(follow).startswith("before deployment comes modeling")


def test_likes_and_dislikes_point_to_a_role(mentor):
    answer = ask(mentor, "I love math and statistics but hate coding, which role suits me?")
    assert answer.kind == "preference"
    line = first_line(answer)
    assert "machine learning researcher" in line and "not algorithmic coding" in line
    systems = ask(mentor, "i like building fast reliable scalable systems, ML math bores me tbh")
    assert "closest role is software engineer:" in first_line(systems)


def test_ml_and_ds_projects_are_told_apart_step_by_step(mentor, retriever):
    answer = ask(mentor, "describe the ml project life cycle", "how is that different from a DS project?")
    line = first_line(answer)
    assert "ml project" in line and "ds project" in line
    assert "deployed into production" in line and "actionable business decisions" in line
    assert any("An ML project starts with" in c.quote for c in answer.citations)
    assert_citations_resolve(answer, retriever)


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        ("in a ds project what happens after u fit the model", "actionable business decisions"),
        ("In an ML project, what happens to a model after it is deployed into production?", "monitored"),
        ("whats the very first thing in an ML project", "starts with data"),
    ],
)
def test_a_step_of_a_kind_of_project_is_placed_in_that_project(mentor, question, opening):
    answer = ask(mentor, question)
    assert answer.kind == "sequence"
    assert opening in first_line(answer)


def test_a_hybrid_organization_is_not_refused(mentor):
    answer = ask(mentor, "explain what a data science organization is", "how is that different from a hybrid one")
    line = first_line(answer)
    assert answer.kind == "contrast" and "hybrid" in line and "both" in line


def test_a_subtask_is_told_in_the_tables_own_words_with_both_editions(mentor, retriever):
    answer = ask(mentor, "How is training accelerated, and what skills does that need?")
    assert "multiple machines in parallel" in first_line(answer) and "cuda" in first_line(answer)
    answer = ask(
        mentor, "What example of managing a software upgrade is given for maintaining software infrastructure?"
    )
    assert "Python 2's end of life" in answer.text
    assert any(c.edition == "2019" and "Python 2" in c.quote for c in answer.citations)
    assert_citations_resolve(answer, retriever)


def test_before_or_after_is_answered_by_the_report_sentence_that_says_which(mentor):
    answer = ask(mentor, "do they test the model before or after putting it in production")
    assert first_line(answer).startswith("before:")
    assert "test it before putting the model into production" in answer.text


def test_a_tool_a_role_uses_is_confirmed_with_the_roles_own_sentence(mentor):
    answer = ask(mentor, "is sql a must for data analysts")
    assert first_line(answer).startswith("yes")
    assert "Data analysts are accomplished in query languages such as SQL" in answer.text


def test_the_roles_needing_least_of_a_skill_come_with_the_sentences_their_levels_rest_on(mentor):
    answer = ask(mentor, "which roles dont need much communication? im an introvert lol")
    assert "machine learning engineer" in first_line(answer) and "software engineer" in first_line(answer)
    assert "aren't usually strong requirements" in answer.text


def test_who_is_the_strongest_coder_names_the_software_engineer_with_whole_report_sentences(mentor):
    answer = ask(mentor, "whos the strongest coder on an ai team according to the report")
    assert answer.kind == "who" and "software engineer (outstanding)" in first_line(answer)
    assert "Machine learning engineers demonstrate solid scientific and engineering skills." in answer.text


def test_a_questions_rare_word_finds_the_sentence_that_answers_it(mentor, retriever):
    answer = ask(mentor, "is there a shortage of people for these roles?")
    assert first_line(answer).startswith("yes") and "significant shortage" in first_line(answer)
    answer = ask(mentor, "what do people in deployment need to know about encryption")
    assert "encryption at a high level" in first_line(answer)
    assert_citations_resolve(answer, retriever)


def test_a_job_title_is_placed_under_the_roles_that_use_it(mentor):
    answer = ask(mentor, "is risk analyst one of the six roles?")
    assert "not one of the six roles" in first_line(answer) and "data analyst" in first_line(answer)
    answer = ask(mentor, "tell me about the data scientist role", "what else do companies call them?")
    assert "quantitative analyst" in first_line(answer)
    assert not first_line(answer).split("role", 1)[1].startswith(" data scientist")  # not its own name again


def test_a_comparison_opens_with_the_note_that_answers_it(mentor):
    answer = ask(mentor, "how is a swe-ml's modeling different from what an mle does in modeling?")
    assert "out-of-the-box" in answer.text.split("\n\n")[0].lower()
    # a question on several roles at once is answered by the note that names them (the one-person team's)
    answer = ask(mentor, "when do companies hire a software engineer plus a data scientist instead of one swe-ml?")
    assert any(w in first_line(answer) for w in ("more mature machine learning projects", "easier to find people"))
    assert not first_line(answer).startswith("also")


def test_a_why_answer_gives_a_reason_not_only_the_premise(mentor):
    answer = ask(mentor, "why do early-stage startups go for a software engineer - machine learning?")
    assert "go-to role" in first_line(answer)
    assert any(w in answer.text for w in ("easier to find", "versatile"))


def test_before_or_after_two_steps_is_a_yes_or_no_in_the_cycles_order(mentor):
    assert first_line(ask(mentor, "does modeling come before deployment?")).startswith("yes: modeling comes before")
    line = first_line(ask(mentor, "does business analysis come before deployment?"))
    assert line.startswith("no: business analysis comes after deployment")


def test_no_yes_for_a_request_and_no_yes_that_the_sentence_concedes(mentor):
    answer = ask(mentor, "can you give an example of infrastructure work for a movie recommender?")
    assert not first_line(answer).startswith("yes")
    answer = ask(mentor, "are DS orgs and ML orgs interchangeable?")
    assert first_line(answer).startswith("no")
    assert "use the terms interchangeably" in answer.text


def test_does_the_report_mention_answers_yes_or_not_by_that_name(mentor):
    answer = ask(mentor, "is pruning mentioned anywhere in the reports?")
    assert first_line(answer).startswith("yes") and "pruning" in answer.text
    answer = ask(mentor, "do they mention kubernetes?")
    assert first_line(answer).startswith("the reports don't mention kubernetes")


def test_a_name_the_reports_never_use_is_said_so_never_with_a_yes_and_no_common_word_is_a_name(mentor):
    line = first_line(ask(mentor, "does either report ever talk about MLOps when it covers deployment?"))
    assert line.startswith("the reports don't mention mlops by name") and "yes" not in line
    line = first_line(ask(mentor, "is airflow discussed anywhere in the two reports?"))
    assert line.startswith("the reports don't mention airflow by name") and "anywhere" not in line


def test_why_not_another_role_after_a_ranking_says_where_it_comes_and_what_sets_the_two_apart(mentor):
    turns = ["Strong maths from a physics degree, MATLAB daily, a bit of Python, no SQL at all. which role?"]
    first = first_line(ask(mentor, *turns))
    assert first.startswith("the closest role for you is machine learning engineer, then data scientist")
    line = first_line(ask(mentor, *turns, "hm, why not the data scientist?"))
    assert line.startswith("for you the data scientist comes second, after the machine learning engineer")
    assert "it needs business acumen at solid" in line and "the machine learning engineer needs software" in line


def test_a_plan_for_work_wanted_with_no_role_named_is_the_plan_for_a_role_whose_main_task_it_is(mentor):
    answer = ask(mentor, "One day I'd like to build dashboards for the sales leadership. What should I study?")
    line = first_line(answer)
    assert line.startswith("what you want to do is building dashboards for business intelligence")
    assert "to become a data analyst" in answer.text.lower()


def test_a_request_to_walk_through_a_project_and_a_bare_field_after_it_are_about_the_project(mentor):
    line = first_line(ask(mentor, "talk me through an ML project from start to finish"))
    assert line.startswith("an ml project starts with data")
    line = first_line(ask(mentor, "talk me through an ML project from start to finish", "and for DS?"))
    assert line.startswith("a ds project starts with data")


def test_what_the_x_skill_takes_is_the_skills_definition_not_a_row_using_it(mentor):
    line = first_line(ask(mentor, "for the deep learning skill, what do I need to know?"))
    assert line.startswith("people with deep learning skills demonstrate the ability")


def test_a_ranking_from_one_or_two_skills_says_it_is_a_first_guess_and_how_to_say_more(mentor):
    thin = ask(mentor, "I'm decent at SQL. what job fits me?").text
    assert "that is one skill to go on, so take this as a first guess" in thin.lower()
    full = ask(mentor, "solid SQL, Tableau and statistics, strong business sense. what job fits me?").text
    assert "first guess" not in full


def test_a_self_description_asking_which_role_it_is_gets_a_ranking_not_who_uses_its_tools(mentor):
    text = (
        "Backend engineer for 6 years (Go, Postgres, Kubernetes). Lately I wrap our data team's models in gRPC "
        "services and keep them running. which AI role is that?"
    )
    assert first_line(ask(mentor, text)).startswith("the closest role for you is")


def test_what_to_learn_next_after_naming_ones_own_tools_is_the_plan_for_the_closest_role(mentor):
    line = first_line(ask(mentor, "I know Python and SQL pretty well. what should I learn next?"))
    assert line.startswith("your closest role is the")


def test_a_role_the_user_says_is_not_theirs_is_no_role_asked_about(mentor):
    text = "I'm really not a software developer: I write SQL and build Tableau dashboards all week. my role?"
    assert first_line(ask(mentor, text)).startswith("the closest role for you is data analyst")


@pytest.mark.parametrize(
    ("question", "opens"),
    [
        ("could someone land an AI role while knowing no math at all?", "no: every role needs some mathematics"),
        ("is there any AI job where you need no algorithmic coding?", "yes: the data analyst needs no algorithmic"),
    ],
)
def test_an_ai_job_without_a_skill_is_answered_by_the_roles_that_need_it_least(mentor, question, opens):
    assert first_line(ask(mentor, question)).startswith(opens)


@pytest.mark.parametrize(
    ("question", "opens"),
    [
        ("ML org or data science org - which one would hand managers actionable insights?", "a data science org"),
        ("data science org vs ml org, which of the two puts automation into products?", "a machine learning org"),
    ],
)
def test_which_of_the_two_kinds_of_organization_is_the_one_closest_to_what_is_asked(mentor, question, opens):
    assert first_line(ask(mentor, question)).startswith(opens)


def test_which_task_an_activity_is_answers_with_its_row_not_with_the_tasks_skills(mentor):
    line = first_line(ask(mentor, "my lead asked me to 'take over the ETL jobs'. which of the five tasks is that?"))
    assert line.startswith("moving data and building data pipelines is part of data engineering")


def test_a_choice_between_two_tasks_is_answered_with_the_one_not_with_a_yes(mentor):
    line = first_line(ask(mentor, "is writing a labeling tutorial part of modeling or of data engineering?"))
    assert line.startswith("data engineering: labeling data is part of data engineering, not modeling")


def test_a_kind_of_organization_named_around_kind_of_is_that_kind(mentor):
    answer = ask(mentor, "what's the goal of the machine learning type of organization?", "and the other type?")
    assert first_line(answer).startswith("a data science organization has one goal")
    # "ok and ..." opens like a thanks, but asks on
    answer = ask(mentor, "tell me about the data science kind of org", "ok cool, and the other sort?")
    assert first_line(answer).startswith("a machine learning organization has one goal")


def test_a_note_that_holds_the_questions_rare_word_answers_it_not_the_two_kinds(mentor, retriever):
    answer = ask(mentor, "how are decentralised AI organisations set up?")
    assert first_line(answer).startswith("ai organizations can be centralized or decentralized")
    assert_citations_resolve(answer, retriever)
    # "the other kind" of what the sentence just named: the same sentence says it
    for before in ("what does centralized mean for an AI organization?", "what's meant by a centralized AI group?"):
        answer = ask(mentor, before, "what about the other sort?")
        assert "scattered in different business units" in answer.text


def test_a_plan_under_another_title_names_the_role_and_a_title_the_reports_set_apart_comes_first(mentor):
    answer = ask(mentor, "how do i get a job as a data engineer")
    assert first_line(answer).startswith("the reports list data engineer among the titles of the software engineer")
    answer = ask(mentor, "i'm a business analyst doing excel and reporting, how do i become a data analyst?")
    assert "less quantitative" in first_line(answer)
    assert "no gaps" not in answer.text


def test_skills_of_a_subtask_come_first_and_lighter_roles_are_named(mentor):
    answer = ask(mentor, "which skills does running a/b tests need?")
    assert first_line(answer).startswith("running a/b tests (business analysis) involves")
    answer = ask(mentor, "what does training deep learning models look like in practice?")
    assert "(and, less, the software engineer - machine learning)" in answer.text


def test_a_why_answer_gives_the_reason_before_the_example(mentor):
    answer = ask(mentor, "why is it useful for one person to prepare data and also train models?")
    assert "faster" in first_line(answer) or "bottleneck" in first_line(answer)


def test_did_the_editions_change_gets_a_verdict_and_the_difference_asked_about(mentor):
    answer = ask(mentor, "did the 2020 report change what it says about communication skills for ML engineers?")
    assert first_line(answer).startswith("yes, the 2020 report changed it")
    assert "communication skills requirements vary among teams" in first_line(answer)


def test_a_decline_about_a_job_title_says_what_the_title_is_in_the_reports(mentor):
    answer = ask(mentor, "what's the salary of research engineers at google?")
    assert first_line(answer).startswith("the reports don't cover")
    assert "research engineer is not one of the six roles" in answer.text.lower()


def test_an_activity_of_a_role_is_told_from_its_subtask_and_its_tools_from_the_roles_line_on_it(mentor):
    answer = ask(mentor, "how do ml researchers keep up with research?")
    assert "reading research papers" in first_line(answer)
    answer = ask(mentor, "which tools do machine learning researchers use for research?")
    assert first_line(answer).startswith("for research, machine learning researchers use twitter, reddit, arxiv")


def test_which_of_the_two_is_read_from_the_roles_just_discussed(mentor):
    answer = ask(mentor, "what does a data analyst do", "and a data scientist?", "which of the two needs more math?")
    assert first_line(answer).startswith("the data scientist needs more mathematics")
    answer = ask(mentor, "ml engineer vs ml researcher", "which one does deployment?")
    assert first_line(answer).startswith("the machine learning engineer carries out deployment")


def test_a_plan_to_get_there_is_for_the_role_the_ranking_named_and_and_before_keeps_the_step(mentor):
    answer = ask(mentor, "i know sql, excel and tableau", "what should i learn to get there?")
    assert first_line(answer).startswith("to become a data analyst")
    answer = ask(mentor, "what comes after modeling?", "and before?")
    assert first_line(answer).startswith("before modeling comes data engineering")


def test_and_for_another_role_plans_for_that_role(mentor):
    answer = ask(mentor, "i'm good at python and statistics", "what am i missing to become an mle?", "and for a ds?")
    assert first_line(answer).startswith("to become a data scientist")


def test_is_that_the_same_as_compares_with_what_was_just_discussed(mentor):
    answer = ask(mentor, "explain ai infrastructure", "is that the same as deployment?")
    line = first_line(answer)
    assert line.startswith("no, they differ") and "ai infrastructure" in line and "deployment" in line


def test_ai_organization_as_a_term_names_its_two_kinds_and_the_hybrid(mentor):
    answer = ask(mentor, "what kinds of AI organization do the reports talk about?")
    line = first_line(answer)
    assert "data science organization" in line and "machine learning organization" in line and "hybrid" in line
    assert first_line(ask(mentor, "what's a hybrid AI org?")).startswith("a hybrid organization does both")


def test_questions_about_the_reports_themselves_get_their_own_words_on_it(mentor, retriever):
    answer = ask(mentor, "what is all this based on? is it just opinion?")
    assert answer.kind == "reports"
    assert any(w in answer.text for w in ("interviewed 100+", "assessed the skills of thousands"))
    answer = ask(mentor, "where can i send feedback about the report")
    assert "kian@workera.ai" in first_line(answer)
    assert_citations_resolve(answer, retriever)


def test_a_titled_plan_names_its_tasks_tools_and_before_a_step_says_what_it_starts_from(mentor, retriever):
    answer = ask(mentor, "how do i get a job as a data engineer")
    assert "for data engineering the reports name sql, python, c++, java, hadoop and hive" in answer.text.lower()
    assert_citations_resolve(answer, retriever)
    answer = ask(mentor, "what needs to be in place before deployment?")
    assert "take a stream of data, combine it with a model" in answer.text
    answer = ask(mentor, "deployment vs ai infrastructure")
    assert "before putting the model into production" in first_line(answer)


def test_why_an_example_is_done_opens_with_its_purpose(mentor):
    assert first_line(ask(mentor, "what's test-time augmentation for?")).startswith("to reduce the variance")
    assert first_line(ask(mentor, "why do people quantize models?")).startswith("so that it fits memory requirements")


def test_a_skill_the_user_says_they_lack_is_read_and_shown(mentor):
    answer = ask(mentor, "i'm strong in java and distributed systems", "zero machine learning though")
    said = ("no machine learning", "the machine learning you said you don't have")
    assert answer.kind == "fit" and any(s in answer.text for s in said)


def test_they_after_a_who_answer_naming_two_roles_is_both(mentor):
    answer = ask(mentor, "which roles deploy models?", "what tools do they use for that?")
    line = first_line(answer)
    assert "machine learning engineers" in line and "software engineers - machine learning" in line and "aws" in line


def test_two_subtasks_compared_give_both_rows_skills_first(mentor):
    answer = ask(mentor, "training dl models vs training ml models: which skills differ?")
    text = answer.text.lower()
    assert "training deep learning models (modeling) involves deep learning" in text
    assert "training machine learning models (modeling) involves machine learning" in text


def test_a_dislike_of_an_activity_is_a_dislike_of_its_task_not_of_the_skills_it_shares(mentor):
    answer = ask(mentor, "i love training models but can't stand building dashboards. which role?")
    line = first_line(answer)
    assert "not business analysis" in line and "data science" not in line
    assert "machine learning engineer" in line or "machine learning researcher" in line


def test_what_one_does_ranks_the_roles_when_the_only_feeling_said_is_a_dislike(mentor):
    """A dislike alone, beside skills: the skills rank the roles (not the dislike alone), and a role that asks for
    what is disliked comes after those that do not."""
    question = "Every day I write SQL queries and build Tableau dashboards, and I hate deploying stuff."
    answer = ask(mentor, question + " Which role fits me?")
    line = first_line(answer)
    assert line.startswith("the closest role for you is data analyst")
    assert "you said you dislike deployment: it does not carry out deployment" in answer.text.lower()


def test_activities_without_a_skill_level_name_the_roles_whose_main_task_they_are(mentor):
    """What one does, with no skill read at a level: the roles it is a main task of, not only a request for skills."""
    answer = ask(mentor, "My week is mostly plotting the monthly revenue numbers. Which job is that?")
    line = first_line(answer)
    assert line.startswith("what you describe is business analysis")
    assert "data scientists and data analysts carry it out as a main task" in line
    assert "tell me your skills" in answer.text.lower()


def test_a_deep_learning_version_of_a_role_is_its_variant_asked_of_the_role_just_named_too(mentor):
    line = first_line(ask(mentor, "would a researcher in ML have some deep learning flavour?"))
    assert line.startswith("yes: the machine learning researcher role has a variant: deep learning researcher")
    followed = ask(mentor, "so what is a data analyst about?", "got it. any deep learning version of that one?")
    assert first_line(followed).startswith("no: the reports describe no variant of the data analyst role")
    assert "machine learning engineer (deep learning engineer)" in followed.text.lower()


def test_after_a_variant_another_roles_version_is_that_roles_variant_and_so_on(mentor):
    turns = ["what's a software engineer - deep learning?", "does the ML researcher role have an equivalent?"]
    assert first_line(ask(mentor, *turns)).startswith("yes: the machine learning researcher role has a variant")
    answer = ask(mentor, *turns, "how about the software engineer?")
    assert first_line(answer).startswith("no: the reports describe no variant of the software engineer role")


def test_a_dislike_said_with_the_skill_readers_cues_is_a_dislike_for_the_role_question_too(mentor):
    """ "little interest in X" after a like is not a second like: both readers share prompts/polarity.yaml."""
    question = "I enjoy fitting models to data. Little interest in deploying them though. Which job?"
    line = first_line(ask(mentor, question))
    assert "not deployment" in line and "machine learning engineer:" not in line


def test_a_like_without_a_cue_word_is_read_by_the_learned_polarity_reader(mentor):
    """No like or dislike word of prompts/polarity.yaml: the learned reader (knowledge/models/polarity.npz) reads it."""
    question = "I'm happiest when I'm tinkering with neural net architectures, and I never want to touch a dashboard."
    line = first_line(ask(mentor, question + " what should I be?"))
    assert line.startswith("for someone who likes") and "deep learning" in line


def test_an_item_after_not_is_a_dislike_and_likes_alone_answer_which_role_fits(mentor):
    line = first_line(ask(mentor, "I enjoy getting models live in production, not publishing papers. what fits me?"))
    assert line.startswith("for someone who likes deployment but not") and "research" in line


def test_what_one_wants_to_do_answers_which_role_when_no_skill_is_given(mentor):
    question = "I'd like to design dashboards for the sales team and never touch deep learning. which job is that?"
    line = first_line(ask(mentor, question))
    assert line.startswith("for someone who likes business analysis but not deep learning")
    assert "closest role is data analyst" in line


def test_on_a_tie_what_is_liked_weighs_more_than_what_is_disliked(mentor):
    question = "linear algebra and calculus are my favourite things, but coding bores me. what role?"
    line = first_line(ask(mentor, question))
    assert "closest role is machine learning researcher" in line


def test_a_why_answer_opens_with_the_purpose_its_sentence_gives(mentor):
    answer = ask(mentor, "what does data engineering involve", "why do they need ml skills for it?")
    assert first_line(answer).startswith("to help them make good design decisions related to data")


def test_who_does_a_subtask_names_its_roles_and_whoever_else_its_row_names(mentor):
    line = first_line(ask(mentor, "who works on defining evaluation metrics?"))
    assert "data scientist" in line and "data product manager" in line


def test_a_subtask_asked_about_as_a_verb_is_the_subtask_not_a_skill_its_name_shares(mentor):
    """ "run the A/B tests" is the subtask "Running A/B tests", not the data science alias "A/B tests"."""
    line = first_line(ask(mentor, "so who typically runs the A/B tests for the product?"))
    assert line.startswith("running a/b tests is business analysis work")
    assert "data scientist" in line and "data analyst" in line


def test_why_a_role_needs_a_skill_is_answered_with_the_work_that_uses_it(mentor):
    line = first_line(ask(mentor, "how come data scientists have to be good at business stuff like business acumen?"))
    assert line.startswith("because data scientists carry out business analysis")
    assert "business acumen among the skills of" in line
    tool = first_line(ask(mentor, "why should a machine learning engineer bother with git?"))
    assert tool.startswith("because machine learning engineers carry out deployment")


def test_a_question_naming_one_covered_thing_is_answered_about_it_not_refused(mentor):
    """No sentence answers "where would X sit" closely, but X names something the reports cover."""
    line = first_line(ask(mentor, "ok so where's the ETL part?"))
    assert not line.startswith("the reports don't cover") and "data engineering" in line
    # what the reports leave out stays declined, though it names a tool they list
    help_ = first_line(ask(mentor, "could you write me a python function that merges two sorted lists?"))
    assert help_.startswith("the reports don't cover")


def test_moving_into_a_field_from_a_title_gets_the_plan_for_the_fields_role(mentor):
    line = first_line(ask(mentor, "I'm a biostatistician, how would I get into machine learning engineering?"))
    assert line.startswith("to become a machine learning engineer") and "software engineering" in line


def test_why_not_a_role_after_a_who_question_says_the_role_does_not_carry_out_the_task(mentor):
    answer = ask(mentor, "which roles carry out AI infrastructure?", "why not a data scientist then?")
    line = first_line(answer)
    assert line.startswith("because data scientists carry out")
    assert line.rstrip(". [1]").endswith("not ai infrastructure")
    assert "[1] [1]" not in answer.text


def test_the_other_kind_of_organization_is_the_one_not_just_talked_about(mentor):
    answer = ask(mentor, "what does a machine learning organization aim for?", "ok and what about the other type?")
    line = first_line(answer)
    assert line.startswith("a data science organization has one goal") and "the output is" not in answer.text.lower()


@pytest.mark.parametrize(
    ("before", "opens"),
    [
        ("so what is a data science organization?", "a machine learning organization has one goal"),
        ("walk me through what ml engineers do", "the reports sort ai organizations into two kinds"),  # none yet
    ],
)
def test_the_other_kind_of_organization_named_in_full_is_the_one_not_talked_about_else_both(mentor, before, opens):
    answer = ask(mentor, before, "how about the other type of organisation then?")
    assert first_line(answer).startswith(opens)


def test_the_publishers_blurb_answers_only_questions_about_the_publisher(mentor):
    answer = ask(mentor, "who's the person that checks if the model actually makes money for the company?")
    assert "our mission" not in answer.text.lower() and "workera" not in answer.text.lower()
    assert "workera is a deeplearning.ai company" in first_line(ask(mentor, "who is workera?"))


def test_why_a_role_does_not_need_a_skill_and_a_bare_why_follow_up(mentor):
    line = first_line(ask(mentor, "how come data analysts don't have to code algorithms?"))
    assert line.startswith("because data analysts carry out data engineering and business analysis")
    assert "does not include algorithmic coding" in line
    premise = first_line(ask(mentor, "why would a data analyst need to code algorithms?"))
    assert premise.startswith("by the reports, they don't: data analysts carry out")
    again = first_line(ask(mentor, "does a software engineer need deep learning?", "why not?"))
    assert again.startswith("because software engineers carry out") and "does not include deep learning" in again


def test_is_it_only_one_role_is_answered_no_when_others_share_the_task(mentor):
    assert first_line(ask(mentor, "is modeling only done by data scientists?")).startswith("no")
    assert first_line(ask(mentor, "who does deployment, only ML engineers?")).startswith("no")


def test_coding_questions_are_answered_from_all_three_coding_skills(mentor):
    line = first_line(ask(mentor, "do data analysts need programming"))
    assert line.startswith("some kinds") and "domain-specific languages" in line
    assert "algorithmic coding and software engineering only at aware or not at all" in line
    line = first_line(ask(mentor, "can i do business analysis without programming"))
    assert line.startswith("largely, yes") and "spreadsheet" in line


def test_is_one_tool_enough_for_a_role_is_not_on_its_own(mentor):
    line = first_line(ask(mentor, "is python enough to become a data analyst"))
    assert line.startswith("not on its own") and "data science" in line and "business acumen" in line


def test_a_fit_says_why_the_top_role_fits(mentor):
    line = first_line(ask(mentor, "i'm strong in java and distributed systems"))
    assert line.startswith("the closest role for you is software engineer")
    assert "solid where it needs outstanding" in line and "which you haven't mentioned" in line


def test_two_tasks_contrast_says_what_people_do_in_each_and_who(mentor):
    answer = ask(mentor, "modeling vs business analysis quick comparison pls")
    line = first_line(answer)
    assert line.startswith("in modeling, people look for patterns") and "in business analysis, people evaluate" in line
    assert "modeling comes before business analysis" in line and "the data analyst" in line


def test_a_move_to_a_deep_learning_variant_plans_its_base_role_and_deep_learning(mentor):
    answer = ask(mentor, "i want to become a deep learning researcher, i'm a data scientist")
    assert first_line(answer).startswith("to move from data scientist to machine learning researcher")
    assert "deep learning researcher is a variant of the machine learning researcher" in answer.text


def test_the_same_answer_again_says_so(mentor):
    answer = ask(mentor, "I know SQL, Excel and Tableau", "which role fits me?")
    assert first_line(answer).startswith("nothing said since changes my answer: the closest role for you is data")


def test_an_inferred_level_answers_with_the_reports_words_first(mentor):
    line = first_line(ask(mentor, "do DS need communication skills"))
    assert line.startswith("yes: the reports say communication skills are usually required")
    assert "they give no level for it" in line


def test_why_a_role_needs_people_for_other_tasks_says_it_does_not_do_them(mentor):
    line = first_line(ask(mentor, "why do MLEs do best in teams that have business analysis and infra people"))
    assert line.startswith("because machine learning engineers carry out data engineering, modeling and deployment")
    assert "not business analysis or ai infrastructure" in line and "fullest potential" in line


def test_what_is_the_point_of_two_roles_opens_with_what_sets_them_apart(mentor):
    line = first_line(ask(mentor, "mle vs swe-ml?? both deploy models so whats the point of having two titles"))
    assert line.startswith("a software engineer - ml uses out-of-the-box methods")


def test_who_uses_several_tools_named_together(mentor):
    line = first_line(ask(mentor, "what roles have to know aws/gcp/azure"))
    assert line.startswith("the reports list aws, gcp and azure among the tools of the machine learning engineer")


def test_a_not_covered_follow_up_says_what_they_say_about_the_role_under_discussion(mentor):
    answer = ask(mentor, "what does an MLE do?", "how much do they make?")
    assert first_line(answer) == "the reports don't cover salaries."
    assert "machine learning engineers carry out" in answer.text.lower()


def test_who_else_besides_the_task_roles_opens_with_the_others(mentor):
    question = "besides the modeling people who else usually gets pulled into defining eval metrics"
    line = first_line(ask(mentor, question))
    assert line.startswith("a data product manager")


def test_a_list_question_gets_the_whole_list(mentor):
    assert first_line(ask(mentor, "how many roles are there and what are they")).startswith("there are six roles:")
    assert first_line(ask(mentor, "list the skills")).startswith("the reports use ten skills:")


def test_who_does_two_tasks_answers_both(mentor):
    line = first_line(ask(mentor, "which roles do deployment and which do infra"))
    assert line.startswith("deployment is carried out by") and "ai infrastructure by" in line


def test_a_tool_the_reports_never_name_is_said_to_be_so(mentor):
    line = first_line(ask(mentor, "does an ml engineer need to know kubernetes"))
    assert line.startswith("the reports don't name kubernetes") and "software engineering" in line


def test_what_to_learn_without_a_role_plans_for_the_closest_one(mentor):
    answer = ask(mentor, "i'm a frontend dev, html css js, curious about ai", "what should i learn first")
    assert first_line(answer).startswith("your closest role is the software engineer")


def test_skills_stated_after_a_question_are_read(mentor):
    answer = ask(mentor, "how do i go from software engineer to ml engineer, i already know python and aws")
    assert "tell me your own skills" not in answer.text  # it starts from what they said, not a typical profile


def test_skills_two_roles_share_are_said_with_where_they_part(mentor):
    answer = ask(mentor, "what skills overlap between data scientists and ml engineers")
    line = first_line(answer)
    assert line.startswith("both data scientists and machine learning engineers need machine learning, data science")
    assert "where they part" in answer.text.lower() and "software engineering (aware vs solid)" in answer.text


def test_a_statement_about_a_phd_is_read_as_skills_not_refused(mentor):
    answer = ask(mentor, "i'm a physics phd, lots of math and matlab, some python")
    assert answer.kind == "fit" and "don't cover" not in answer.text


def test_which_of_two_tools_first_says_the_reports_set_no_order(mentor):
    line = first_line(ask(mentor, "should i learn tableau or python first to become a data analyst"))
    assert line.startswith("the reports don't say which to learn first") and "tableau for business analysis" in line


def test_two_subtasks_compared_open_with_the_skills_that_differ(mentor):
    line = first_line(ask(mentor, "training ml models vs training deep learning models, how do the skills differ"))
    assert line.startswith("training machine learning models needs machine learning where training deep learning")
    assert "both need data science, mathematics and algorithmic coding" in line


def test_what_they_use_for_that_takes_the_skill_asked_about_before(mentor):
    answer = ask(mentor, "which role keeps up with research the most?", "what do they use for that")
    assert first_line(answer).startswith("for research, machine learning researchers use twitter, reddit, arxiv")


def test_and_who_needs_the_least_keeps_the_skill_asked_about(mentor):
    answer = ask(mentor, "who needs the most math", "ok and who needs the least")
    assert first_line(answer).startswith("mathematics matters least for the software engineer")


def test_which_of_them_codes_more_compares_the_two_roles_just_discussed(mentor):
    answer = ask(mentor, "what does a data scientist do", "and a data analyst?", "which of them codes more")
    assert first_line(answer).startswith("the data scientist needs more algorithmic coding")


def test_is_x_just_y_about_a_role_and_a_title_says_no_with_the_reports_note(mentor):
    """Issue 21: 'is X just Y' got examples and no 'no'. The reports set the data analyst apart from a business
    analyst, and the reply opens by saying so."""
    answer = ask(mentor, "so is a data analyst basically just a business analyst?")
    assert first_line(answer).startswith("no") and "less quantitative" in answer.text


def test_is_a_task_just_one_skill_says_no_with_what_else_it_needs(mentor):
    assert first_line(ask(mentor, "is modeling only math?")).startswith("no: five of the nine subtasks of modeling")
    assert first_line(ask(mentor, "is deployment purely software engineering?")).startswith("not only: every subtask")
    assert first_line(ask(mentor, "is business analysis all about coding?")).startswith("no: ")


def test_more_of_one_thing_and_less_of_another_is_a_preference(mentor):
    line = first_line(ask(mentor, "which job is more research and less engineering?"))
    assert line.startswith("for someone who likes research") and "machine learning researcher" in line


def test_never_writing_code_is_a_wish_not_a_request_for_coding_help(mentor):
    assert "coding help" not in first_line(ask(mentor, "is there a role where I analyze data but never write code?"))


def test_a_negative_report_sentence_answers_a_yes_no_question_with_no(mentor):
    assert first_line(ask(mentor, "can a single person cover all the tasks of an AI project?")).startswith("no. ")


def test_a_question_naming_no_subtask_is_read_by_the_activity_it_describes(mentor):
    assert first_line(ask(mentor, "who puts the bounding boxes on the photos?")).startswith("labeling data is data")
    line = first_line(ask(mentor, "what skills do you need to get models running on phones?"))
    assert line.startswith("fitting models on resource-constrained devices") and "software engineering" in line


def test_skills_without_likes_asked_for_a_role_get_the_ranking(mentor):
    line = first_line(ask(mentor, "I live in Excel and PowerPoint, making decks for clients. Which role for me?"))
    assert line.startswith("the closest role for you is data analyst")


def test_a_level_word_only_in_the_reports_own_sentence_gets_no_inferred_note(tax):
    from bot.answering.levels_note import how_sure

    quoted = "Data scientists demonstrate solid scientific foundations as well as business acumen."
    assert how_sure(quoted, tax, composed="") is None  # the reports' own words: no note
    composed = "Data scientists need solid machine learning."
    assert "my reading of the reports" in how_sure(composed, tax, composed=composed)


def test_a_question_for_a_kind_of_organization_gets_the_one_that_does_what_they_like(mentor):
    line = first_line(
        ask(
            mentor,
            "I like finding insights for executives, not building production systems. What kind of org suits me?",
        )
    )
    assert line.startswith("a data science organization: its goal is to help a firm's leaders make")
    line = first_line(
        ask(mentor, "I want to build products that automate work at scale. Which type of company fits me?")
    )
    assert line.startswith("a machine learning organization")


def test_is_an_activity_part_of_a_task_gets_yes_or_no_with_its_task(mentor):
    assert first_line(ask(mentor, "is labeling data part of modeling?")).startswith(
        "no: labeling data is part of data engineering, not modeling"
    )
    assert first_line(ask(mentor, "does hyperparameter search belong to modeling?")).startswith("yes: searching hyper")
    line = first_line(ask(mentor, "what is retraining models?", "is that part of deployment?"))
    assert line.startswith("yes: retraining machine learning models is part of deployment")


def test_a_question_clause_and_a_statement_are_not_read_as_likes(mentor):
    """ "I know SQL ..." states, "which task suits me?" asks: neither is a like, and hating coding alone points to no
    role doing AI infrastructure."""
    line = first_line(ask(mentor, "I know SQL and statistics and I hate coding. which part of the cycle suits me?"))
    assert line.startswith("the closest role for you is data analyst")


def test_the_role_worked_as_is_where_a_move_starts_not_where_it_goes(mentor):
    line = first_line(ask(mentor, "I've worked as a data analyst for two years and want to switch to data scientist."))
    assert line.startswith("to move from data analyst to data scientist")


def test_which_role_a_title_named_without_a_self_description_is_that_role(mentor):
    line = first_line(
        ask(mentor, "a recruiter pinged about an 'infrastructure engineer' opening. which of the six roles is that?")
    )
    assert line.startswith("in the reports' terms, that is the software engineer role")


def test_a_variant_beside_its_own_role_says_what_the_variant_adds(mentor):
    line = first_line(ask(mentor, "is a deep learning researcher just an ML researcher with another name?"))
    assert line.startswith("the deep learning researcher is a variant of the machine learning researcher")
    assert "requires deep learning knowledge" in line and "speech recognition" in line


def test_a_row_asked_about_is_one_of_the_task_the_question_names(mentor):
    line = first_line(ask(mentor, "ETL design: which skill is that?"))
    assert line.startswith("moving data and building data pipelines (data engineering) involves")


def test_a_title_several_roles_share_does_not_settle_which_role_it_is(mentor):
    line = first_line(ask(mentor, "my badge will say 'research engineer', so I'm an ML researcher now, right?"))
    assert line.startswith("not necessarily: companies may use the title research engineer")
    assert "machine learning engineer" in line
