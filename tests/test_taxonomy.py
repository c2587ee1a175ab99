"""The curated taxonomy says what the reports say, and a broken file fails loudly and precisely."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.knowledge.taxonomy import DEFAULT_PATH, TaxonomyError, load_taxonomy

TASKS = ["data_engineering", "modeling", "deployment", "business_analysis", "ai_infrastructure"]
ROLES = [
    "data_scientist",
    "data_analyst",
    "machine_learning_engineer",
    "machine_learning_researcher",
    "software_engineer_ml",
    "software_engineer",
]


def test_shape_matches_the_reports(tax):
    assert [t.id for t in tax.tasks] == TASKS
    assert [r.id for r in tax.roles] == ROLES
    assert len(tax.skills) == 10
    assert {o.id for o in tax.organizations} == {"data_science", "machine_learning"}
    # subtask rows per task in the 2020 tables
    assert [len(t.subtasks) for t in tax.tasks] == [8, 9, 8, 7, 8]


def test_role_tasks(tax):
    assert tax.role("data_analyst").tasks.main == ["data_engineering", "business_analysis"]
    assert tax.role("data_analyst").tasks.lighter == []
    assert set(tax.role("machine_learning_engineer").tasks.main) == {"data_engineering", "modeling", "deployment"}
    assert set(tax.role("software_engineer").tasks.main) == {"data_engineering", "ai_infrastructure"}
    # "All roles undertake (to a certain extent) the data engineering task."
    assert all("data_engineering" in r.tasks.main for r in tax.roles)
    deployers = {r.id for r in tax.roles if "deployment" in r.tasks.main}
    assert deployers == {"machine_learning_engineer", "software_engineer_ml"}


def test_subtask_facts(tax):
    labeling = tax.task("data_engineering").subtask("labeling_data")
    assert set(labeling.skills) == {"machine_learning", "software_engineering"}
    assert "Drawing bounding boxes on images" in labeling.examples
    augment = next(s for s in tax.task("data_engineering").subtasks if s.name.startswith("Augmenting"))
    assert any("skimage" in e for e in augment.examples)


def test_profiles_follow_the_reports_words(tax):
    da, swe, mlr = tax.role("data_analyst"), tax.role("software_engineer"), tax.role("machine_learning_researcher")
    assert da.level("algorithmic_coding") == 0  # "they don't need algorithmic coding skills"
    assert da.level("domain_specific_languages") >= 3  # "accomplished in query languages such as SQL"
    assert swe.level("software_engineering") == 4 and swe.level("algorithmic_coding") == 4  # "outstanding coding"
    assert mlr.level("research") == 4 and mlr.level("machine_learning") == 4  # "outstanding scientific skills"
    for role in tax.roles:
        assert all(len(entry.basis) > 20 for entry in role.profile.values()), role.id


def test_skill_definitions_come_from_the_appendix(tax):
    ml = tax.skill("machine_learning")
    assert ml.definition and "classic machine learning models" in ml.definition
    assert "ml" in ml.aliases
    for skill in tax.skills:
        assert skill.definition or skill.described_as, skill.id


def test_find_role_by_alias(tax):
    assert tax.find_role("MLE").id == "machine_learning_engineer"
    assert tax.find_role("data analysts").id == "data_analyst"
    assert tax.find_role("Software Engineer - Machine Learning").id == "software_engineer_ml"
    assert tax.find_role("astronaut") is None


def _broken(tmp_path, mutate) -> str:
    data = yaml.safe_load(DEFAULT_PATH.read_text())
    mutate(data)
    path = tmp_path / "taxonomy.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(path)
    return str(err.value)


def test_unknown_skill_in_a_role_is_named(tmp_path):
    def mutate(d):
        d["roles"][1]["profile"]["stats"] = d["roles"][1]["profile"].pop("data_science")

    message = _broken(tmp_path, mutate)
    assert "roles[1] (data_analyst).profile" in message and "'stats'" in message


def test_role_without_profile(tmp_path):
    message = _broken(tmp_path, lambda d: d["roles"][0].pop("profile"))
    assert "data_scientist" in message and "no skill profile" in message


def test_duplicate_id(tmp_path):
    message = _broken(tmp_path, lambda d: d["tasks"][1].update(id="data_engineering"))
    assert "duplicate id 'data_engineering'" in message


def test_unknown_task_in_role_and_level_out_of_range(tmp_path):
    assert "unknown task 'modelling'" in _broken(tmp_path, lambda d: d["roles"][0]["tasks"]["main"].append("modelling"))
    message = _broken(tmp_path, lambda d: d["roles"][0]["profile"]["research"].update(level=7))
    assert "roles.0.profile.research.level" in message


def test_missing_and_invalid_files(tmp_path):
    with pytest.raises(TaxonomyError, match="cannot read taxonomy"):
        load_taxonomy(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("roles: [unclosed")
    with pytest.raises(TaxonomyError, match="not valid YAML"):
        load_taxonomy(bad)


SKILL_WORDS = {
    "machine learning": "machine_learning",
    "deep learning": "deep_learning",
    "data science": "data_science",
    "mathematics": "mathematics",
    "algorithmic coding": "algorithmic_coding",
    "software engineering": "software_engineering",
    "business acumen": "business_acumen",
    "communication": "communication",
    "domain-specific": "domain_specific_languages",
    "research": "research",
}


def _table_rows(path):
    task = None
    for line in path.read_text().splitlines():
        if line.startswith("## "):
            task = line[3:].strip()
        elif line.startswith("| ") and not line.startswith(("| Subtask", "| ---")):
            name, examples, skills = (c.strip() for c in line.strip("| \n").split(" | "))
            yield task, name, examples.split(" • "), skills


def test_subtasks_match_the_2020_tables_row_by_row(tax, settings):
    """Every row of the 2020 report's tables is in the taxonomy with the same examples and skills."""
    rows = list(_table_rows(settings.sources_dir / "ai-career-pathways-2020.md"))
    assert len(rows) == 40
    by_name = {t.name.lower(): t for t in tax.tasks}
    for task_name, name, examples, skills in rows:
        task = by_name[task_name.lower()]
        sub = next((s for s in task.subtasks if s.name.lower() == name.lower()), None)
        assert sub is not None, f"{task_name}: no subtask named {name!r}"
        assert sub.examples == examples, sub.id
        expected = {sid for word, sid in SKILL_WORDS.items() if word in skills.lower()}
        assert set(sub.skills) == expected, sub.id


def test_names_read_naturally_mid_sentence():
    from bot.knowledge.taxonomy import prose

    assert prose("AI infrastructure") == "AI infrastructure"
    assert prose("Software engineer - machine learning") == "software engineer - machine learning"
    assert prose("Building APIs for an application") == "building APIs for an application"


# -- role profiles rest on the reports' words ---------------------------------------------------------

LEVEL_WORDS = {4: ["outstanding"], 3: ["solid", "accomplished"], 2: ["developing"], 0: ["don't need"]}


def _report_text(settings) -> str:
    """Both reports as one string, with Markdown emphasis and line breaks flattened, for quote lookups."""
    text = " ".join(p.read_text() for p in sorted(settings.sources_dir.glob("*.md")))
    return " ".join(text.replace("*", "").replace("’", "'").split())


def _quotes(basis: str) -> list[str]:
    return [q.rstrip(".,;:") for q in re.findall(r'"([^"]+)"', basis)]


def _entries(tax):
    for role in tax.roles:
        for skill, entry in role.profile.items():
            yield role.id, skill, entry


def test_every_quoted_basis_is_in_the_reports(tax, settings):
    text = _report_text(settings)
    missing = [(r, s, q) for r, s, e in _entries(tax) for q in _quotes(e.basis) if q not in text]
    assert missing == []


def test_a_level_without_inferred_rests_on_a_level_word(tax):
    """Read levels quote the reports' level word for them; every other level says "Inferred:"."""
    unmarked = []
    for role_id, skill, entry in _entries(tax):
        if entry.basis.startswith("Inferred:"):
            continue
        quoted = " ".join(_quotes(entry.basis)).lower()
        if not any(word in quoted for word in LEVEL_WORDS.get(entry.level, [])):
            unmarked.append((role_id, skill, entry.level))
    assert unmarked == []


@pytest.mark.parametrize(
    ("role", "skill", "level", "quote"),
    [
        # issue 12's table: each level as the reports' sentence gives it
        ("software_engineer_ml", "software_engineering", 3, "demonstrates solid engineering skills"),
        ("software_engineer_ml", "algorithmic_coding", 3, "demonstrates solid engineering skills"),
        ("machine_learning_researcher", "business_acumen", 1, "Translating a business problem into a machine"),
        ("software_engineer", "machine_learning", 1, "ideally combined with machine learning skills"),
        ("data_analyst", "algorithmic_coding", 0, "they don't need algorithmic coding skills"),
        ("machine_learning_engineer", "data_science", 3, "strong foundations in mathematics, data science, and"),
        ("machine_learning_engineer", "mathematics", 3, "strong foundations in mathematics, data science, and"),
        ("machine_learning_researcher", "data_science", 4, "demonstrates outstanding scientific skills"),
        ("machine_learning_researcher", "machine_learning", 4, "demonstrates outstanding scientific skills"),
        ("software_engineer", "software_engineering", 4, "outstanding coding and software engineering skills"),
    ],
)
def test_issue_12_levels_read_their_basis(tax, settings, role, skill, level, quote):
    entry = tax.role(role).profile[skill]
    assert entry.level == level
    assert quote in entry.basis
    assert quote in _report_text(settings)


def test_the_researchers_business_acumen_comes_from_its_own_subtasks(tax):
    """Two subtasks of the researcher's own tasks list business acumen, so it is not 0."""
    mlr = tax.role("machine_learning_researcher")
    own = [s for t in mlr.tasks.main for s in tax.task(t).subtasks if "business_acumen" in s.skills]
    assert {s.id for s in own} >= {"iterating_virtuous_cycle", "defining_data_requirements"}
    assert mlr.level("business_acumen") >= 1


def test_same_evidence_same_level(tax):
    """The data scientist and the researcher: scientific skills named, coding not; the same coding level."""
    ds, mlr = tax.role("data_scientist"), tax.role("machine_learning_researcher")
    assert ds.level("algorithmic_coding") == mlr.level("algorithmic_coding")
    # "developing scientific skills" sets every scientific skill of the SWE-ML alike
    sweml = tax.role("software_engineer_ml")
    assert sweml.level("machine_learning") == sweml.level("mathematics") == sweml.level("data_science") == 2


def test_levels_reasoned_from_a_deep_learning_variant_are_marked_inferred(tax):
    for role in tax.roles:
        if role.variants:
            assert role.profile["deep_learning"].basis.startswith("Inferred:"), role.id


def test_tasks_only_some_of_a_role_do_are_not_its_tasks(tax, settings):
    """ "some machine learning researchers focus on deployment ... and AI infrastructure": an optional
    specialisation of some, kept apart from the role's main and lighter tasks."""
    text = _report_text(settings)
    found = []
    for who, rest in re.findall(r"[Ss]ome ([a-z -]+?) focus on ([^.]+)", text):
        role = tax.find_role(who)
        if role is None:
            continue
        rest = re.sub(r"\([^)]*\)", "", rest).lower()
        tasks = {t.id for t in tax.tasks if t.name.lower() in rest}
        found.append(role.id)
        assert not tasks & set(role.tasks.main + role.tasks.lighter), (role.id, tasks)
        assert tasks <= set(role.tasks.specialisations), (role.id, tasks)
    assert "machine_learning_researcher" in found


def test_modeling_description_is_the_modeling_sentence_only(tax, settings):
    description = tax.task("modeling").description
    assert description.startswith("People assigned to modeling look for patterns")
    assert " ".join(description.split()) in _report_text(settings)
    for other in ("Deployment", "Business analysis", "AI infrastructure"):
        assert other not in description


def test_what_a_source_says_of_itself_is_quoted_from_that_report(tax, settings):
    for source in tax.sources:
        text = " ".join((settings.knowledge_dir.parent / source.file).read_text().replace("*", "").split())
        assert source.about and all(sentence in text for sentence in source.about), source.id


def test_every_statement_quote_is_in_its_report(tax, settings):
    for statement_id, statement in tax.statements.items():
        source = next(s for s in tax.sources if s.id == statement.source)
        text = " ".join((settings.knowledge_dir.parent / source.file).read_text().replace("*", "").split())
        assert statement.quote is None or statement.quote in text, statement_id


def test_the_answerers_statements_are_there(tax):
    assert tax.statement("life_cycle").order == TASKS[:4]
    assert "{order}" in tax.statement("life_cycle").text
    with pytest.raises(KeyError, match="did you mean 'life_cycle'"):
        tax.statement("life_cycles")


def test_a_bad_statement_is_named(tmp_path):
    def unsupported(d):
        d["statements"]["hybrid_organization"].pop("quote")

    message = _broken(tmp_path, unsupported)
    assert "statements.hybrid_organization" in message and "needs a quote or a basis" in message
    message = _broken(tmp_path, lambda d: d["statements"]["life_cycle"]["order"].append("modelling"))
    assert "statements.life_cycle.order: unknown task 'modelling'" in message
    message = _broken(tmp_path, lambda d: d["statements"]["roles_overview"].update(source="report_2021"))
    assert "statements.roles_overview.source: unknown source 'report_2021'" in message
    message = _broken(tmp_path, lambda d: d["statements"]["life_cycle"].update(text="The cycle runs {}"))
    assert "fields must be named" in message


def test_a_bad_fields_of_study_file_is_named(tmp_path):
    from bot.knowledge.fields import study_fields

    bad = tmp_path / "fields.yaml"
    bad.write_text("- field: [physics]\n  skills: [quantum_mechanics]\n  basis: 'Inferred: a made-up skill.'\n")
    with pytest.raises(TaxonomyError, match="unknown skills quantum_mechanics"):
        study_fields(bad)
    bad.write_text("- field: [physics]\n  skills: [mathematics]\n  basis: 'physics is all maths'\n")
    with pytest.raises(TaxonomyError, match="Inferred"):
        study_fields(bad)
