"""The `career-mentor` command line."""

from __future__ import annotations

import atexit
import functools
import gc
import json
import sys
import textwrap

import click

from bot.knowledge.prompts import user_message
from bot.knowledge.taxonomy import TaxonomyError
from bot.settings import get_settings


def friendly(func):
    """Turn user errors into a one-line message and exit code 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (TaxonomyError, KeyError, ValueError) as exc:
            raise click.ClickException(user_message(exc)) from None

    return wrapper


def _skip_final_collection() -> None:
    """At exit, leave out the interpreter's last garbage collection over the ~2 million objects the imports made
    (0.5 s of a 3 s `ask`): exit handlers, logging and the standard streams still run and flush as before; only
    cycles nothing can reach any more are left to the operating system. For commands that only read."""
    atexit.register(gc.freeze)  # registered last, so it runs first


def _read(text: str) -> str:
    """TEXT as given, or standard input for '-' (a CV or a long message is too big for a shell argument)."""
    return sys.stdin.read() if text == "-" else text


def _levels_caption() -> str:
    from bot.answering.levels_note import levels_caption
    from bot.knowledge.taxonomy import default_taxonomy

    return levels_caption(default_taxonomy())


def _emit_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
@click.version_option(package_name="career-mentor")
@friendly
def main(verbose: bool) -> None:
    """Career Mentor: AI career advice grounded in Workera's AI career reports."""
    from bot.logs import setup_logging

    setup_logging(get_settings(), "INFO" if verbose else "WARNING")


@main.command()
@click.option("--rebuild", is_flag=True, help="Rebuild even if the index is current.")
@friendly
def index(rebuild: bool) -> None:
    """Build the search index if it is missing or stale."""
    import bot.chat  # noqa: F401  (its warm-up texts are recorded with the index)
    from bot.index.ingest import ensure_index

    stats = ensure_index(get_settings(), rebuild=rebuild)
    verb = f"built in {stats.seconds:.1f}s" if stats.rebuilt else "up to date"
    click.echo(f"index {stats.collection}: {stats.passages} passages, {verb}")


@main.command(name="train-kinds")
@friendly
def train_kinds() -> None:
    """Train the readers learned from knowledge/training/ (the question's kind, a clause's polarity) and save them
    to knowledge/models/."""
    from tqdm import tqdm

    from bot.index.embeddings import get_embeddings
    from bot.reading import kinds, polarity

    embedder = get_embeddings(get_settings())
    for reader, labels, what in ((kinds, "kinds", "questions"), (polarity, "polarities", "clauses")):
        examples = reader.load_examples()
        with tqdm(total=len(examples), desc=f"embedding training {what}", file=sys.stderr) as bar:
            model = reader.train(embedder, progress=bar.update)
        model.save(reader.MODEL_PATH)
        click.echo(f"trained on {len(examples)} {what}, {len(model.kinds)} {labels}: {reader.MODEL_PATH}")


@main.command()
@click.argument("query")
@click.option("-k", "--k", "k", type=click.IntRange(1, 50), default=None, help="How many passages.")
@click.option("--role", help="Only passages about this role (id or name).")
@click.option("--task", help="Only passages about this task id.")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "bm25"]), default="hybrid", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly
def search(query: str, k: int | None, role: str | None, task: str | None, mode: str, as_json: bool) -> None:
    """Search the reports and the taxonomy."""
    from bot.index.ingest import ensure_index
    from bot.index.retrieval import Retriever
    from bot.knowledge.taxonomy import default_taxonomy

    if not query.strip():
        raise click.ClickException("the query is empty: say what you are looking for")
    _skip_final_collection()
    tax = default_taxonomy()
    role_id = None
    if role:
        found = tax.find_role(role)
        if not found:
            raise click.ClickException(f"unknown role {role!r}; known: {', '.join(r.id for r in tax.roles)}")
        role_id = found.id
    if task:
        tax.task(task)
    settings = get_settings()
    ensure_index(settings)
    passages = Retriever(settings).search(query, k, role=role_id, task=task, mode=mode)
    if as_json:
        _emit_json([p.model_dump() | {"citation": p.cite()} for p in passages])
        return
    if not passages:
        click.echo("No passage matches.")
    for i, p in enumerate(passages, 1):
        click.secho(f"[{i}] {p.cite()}  (score {p.score:.4f})", bold=True)
        click.echo(textwrap.indent(textwrap.fill(p.text, 100, replace_whitespace=False), "    "))


def _read_cv(path: str | None):
    """The profile read from a CV file, or None without one; a bad file is a one-line error."""
    if not path:
        return None
    from bot.reading.cv import profile_from_cv, read_cv, summary

    cv = read_cv(path, get_settings())
    extracted = profile_from_cv(cv)
    click.echo(summary(cv, extracted), err=True)  # on stderr: --json output stays one JSON document
    return extracted


def _merge(base, over):
    """`over`'s skills replace `base`'s, skill by skill (what you type beats your CV; --skill beats both)."""
    from bot.reading.skills import ExtractedProfile

    if base is None:
        return over
    levels = base.profile.levels | over.profile.levels
    evidence = {e.skill: e for e in base.evidence} | {e.skill: e for e in over.evidence}
    return ExtractedProfile(profile=type(base.profile)(levels=levels), evidence=list(evidence.values()))


def _profile_from(text: str, skills: tuple[str, ...], file: str | None = None):
    from bot.reading.skills import ExtractedProfile, extract_profile, parse_skill_args

    extracted = _read_cv(file)
    if text.strip():
        extracted = _merge(extracted, extract_profile(text, max_chars=get_settings().max_message_chars))
    if skills:
        extracted = _merge(extracted, ExtractedProfile(profile=parse_skill_args(list(skills)), evidence=[]))
    if extracted is None:
        raise click.ClickException(
            'tell me your skills, e.g. career-mentor match "I know SQL and Tableau", --skill sql=3 or --file cv.pdf'
        )
    return extracted


def _profile_json(extracted) -> dict:
    evidence = {e.skill: e.model_dump(exclude={"skill"}) for e in extracted.evidence}
    return {s: {"level": lvl, "evidence": evidence.get(s)} for s, lvl in extracted.profile.levels.items()}


FILE_OPTION = click.option(
    "--file",
    "file",
    type=click.Path(exists=True, dir_okay=False),
    help="Your CV: PDF, DOCX, TXT or Markdown (contact details and references are left out).",
)
SKILL_OPTION = click.option(
    "--skill", "skills", multiple=True, metavar="NAME=LEVEL", help="A skill level 0-4, e.g. --skill ml=3 (repeatable)."
)


@main.command()
@click.argument("text", default="")
@SKILL_OPTION
@FILE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly
def match(text: str, skills: tuple[str, ...], file: str | None, as_json: bool) -> None:
    """Rank the six AI roles for your skills: TEXT in your own words ('-' reads it from standard input),
    --file CV and/or --skill NAME=LEVEL."""
    from bot.answering.tools import format_profile, format_ranking
    from bot.people.matching import match_roles

    extracted = _profile_from(_read(text), skills, file)
    ranking = match_roles(extracted.profile)
    if as_json:
        _emit_json(
            {
                "profile": _profile_json(extracted),
                "hint": extracted.hint,
                "ranking": [m.model_dump() for m in ranking.ranking],
            }
        )
        return
    if extracted.hint:
        click.echo(extracted.hint)
        return
    click.secho("Your skills as I read them:", bold=True)
    click.echo(format_profile(extracted))
    click.secho("\nRoles, best fit first:", bold=True)
    click.echo(format_ranking(ranking))
    click.echo(f"\n{_levels_caption()}")


@main.command()
@click.argument("text", default="")
@click.option("--role", required=True, help="Target role id or name, e.g. machine_learning_engineer or MLE.")
@SKILL_OPTION
@FILE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly
def plan(text: str, role: str, skills: tuple[str, ...], file: str | None, as_json: bool) -> None:
    """A learning plan from your skills (TEXT, or '-' for standard input, and/or --file CV) to a target role,
    with the reports' subtasks and examples."""
    from bot.answering.tools import find_role, format_plan, format_profile
    from bot.people.matching import plan_for

    target = find_role(role)
    extracted = _profile_from(_read(text), skills, file)
    learning = plan_for(extracted.profile, target.id)
    if as_json:
        _emit_json({"profile": _profile_json(extracted), "hint": extracted.hint, "plan": learning.model_dump()})
        return
    if extracted.hint:
        click.echo(extracted.hint + "\n")
    else:
        click.secho("Your skills as I read them:", bold=True)
        click.echo(format_profile(extracted) + "\n")
    click.echo(format_plan(learning))
    click.echo("\nSource: Workera, AI Career Pathways (2020) and The AI Human Capital Playbook (2019).")


@main.command()
@click.argument("role", required=False)
@friendly
def assess(role: str | None) -> None:
    """A guided self-assessment towards ROLE (id or name; none: every role): answer each question with y (yes),
    s (a bit) or n (no), one a line on standard input; the end of input stops it. Then your profile, with what you
    said for each level, the ranking and the learning plan."""
    from bot.answering.tools import find_role
    from bot.people.assessment import answer, parse_reply, result, start

    assessment = start(find_role(role).id if role else None)
    total = len(assessment.questions)
    while (question := assessment.current) is not None:
        click.echo(f"\n[{len(assessment.answers) + 1}/{total}] {question.skill_name}: {question.text} [y/s/n]")
        line = sys.stdin.readline()
        if not line:  # end of input: stop here
            click.echo("(end of input: stopping here)")
            break
        if parse_reply(line) is None:
            click.echo("Answer y (yes), s (a bit) or n (no).")
            continue
        assessment = answer(assessment, line)
        click.echo(f"-> best fit now: {assessment.ranking.best.role}")
    _print_assessment(result(assessment))


def _print_assessment(done) -> None:
    """An assessment's result: the profile with what was said for each level, the ranking, the gaps, the plan."""
    from bot.answering.tools import format_plan, format_profile, format_ranking
    from bot.knowledge.profile import SkillProfile
    from bot.reading.skills import ExtractedProfile

    if done.stopped_early:
        click.echo(f"\nStopped after {done.asked} of {done.total} questions: the best fit can no longer change.")
    extracted = ExtractedProfile(profile=SkillProfile(levels=done.profile), evidence=done.evidence)
    click.secho("\nYour skills as you told them:", bold=True)
    click.echo(format_profile(extracted))
    click.secho("\nRoles, best fit first:", bold=True)
    click.echo(format_ranking(done.ranking))
    click.echo(f"\n{_levels_caption()}")
    if done.gaps:
        gaps = "; ".join(f"{g.skill_name} ({g.have} -> {g.need})" for g in done.gaps)
        click.secho(f"\nMain gaps for {done.plan.role}: ", bold=True, nl=False)
        click.echo(gaps)
    click.echo("\n" + format_plan(done.plan))


def _mentor(backend: str | None):
    from bot.index.embeddings import preload

    settings = get_settings()
    if backend:
        settings = settings.model_copy(update={"llm": backend})
    preload(settings)  # the embedding model loads while the imports below run (onnxruntime works off the GIL)
    from bot.chat.chain import Mentor
    from bot.index.ingest import ensure_index
    from bot.index.retrieval import Retriever

    ensure_index(settings)
    return Mentor(settings, Retriever(settings))


BACKEND_OPTION = click.option(
    "--backend",
    type=click.Choice(["auto", "openai", "llamacpp", "grounded"]),
    default=None,
    help="Answer backend (default: CAREER_MENTOR_LLM, else auto).",
)


def _print_answer(answer, streamed: bool) -> None:
    if not streamed:
        click.echo(answer.text)
    if answer.citations:
        click.secho("\nSources:", bold=True)
        for c in answer.citations:
            click.echo(f"  {c.label()}")
    note = f"[{answer.backend}{', fallback' if answer.fallback else ''}; grounding {answer.grounding:.2f}]"
    click.secho(note, dim=True)


@main.command()
@click.argument("question", default="")
@BACKEND_OPTION
@FILE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON: answer, citations, tool_calls, backend, grounding.")
@friendly
def ask(question: str, backend: str | None, file: str | None, as_json: bool) -> None:
    """Ask one question ('-' reads it from standard input); the answer cites the reports. With --file CV the
    mentor knows your skills first (and the question defaults to 'Which role fits me?')."""
    _skip_final_collection()
    cv = _read_cv(file)  # a bad file is refused before the models load
    question = _read(question) or ("Which role fits me?" if cv else "")
    mentor = _mentor(backend)
    session = mentor.new_session()
    if cv is not None:  # the CV shapes the session's profile; its text never enters the question or the logs
        session.learn_skills(cv.evidence)
    if as_json:
        answer = mentor.ask(question, session)
        data = answer.model_dump()
        data["answer"] = data.pop("text")
        _emit_json(data)
        return
    answer = None
    for piece in mentor.stream(question, session):
        if isinstance(piece, str):
            click.echo(piece, nl=False)
        else:
            answer = piece
    click.echo()
    _print_answer(answer, streamed=True)


@main.command()
@BACKEND_OPTION
@friendly
def chat(backend: str | None) -> None:
    """An interactive chat with history (Ctrl-D or 'exit' to leave)."""
    _skip_final_collection()
    mentor = _mentor(backend)
    session = mentor.new_session()
    click.secho(f"Career Mentor ({mentor.backend.label}). Ask about AI roles, or tell me your skills.", bold=True)
    while True:
        try:
            question = click.prompt(click.style("you", fg="green"), prompt_suffix="> ")
        except (EOFError, click.Abort):
            click.echo()
            return
        if question.strip().lower() in {"exit", "quit", ":q"}:
            return
        click.secho("mentor> ", fg="cyan", nl=False)
        for piece in mentor.stream(question, session):
            if isinstance(piece, str):
                click.echo(piece, nl=False)
            else:
                click.echo()
                _print_answer(piece, streamed=True)


@main.command(name="eval")
@click.option(
    "--questions",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Question set (YAML, schema in evals/README.md). Default: evals/datasets/questions.yaml.",
)
@click.option(
    "--personas",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Persona set (YAML). Default: evals/datasets/personas.yaml.",
)
@BACKEND_OPTION
@click.option(
    "--baseline",
    "baselines",
    multiple=True,
    type=click.Choice(["hybrid", "no_retrieval", "dense_only", "bm25_only"]),
    help="Run only these baselines (repeatable). Default: all four.",
)
@click.option("--out", type=click.Path(file_okay=False), default="evals/out", show_default=True)
@click.option(
    "--splits", is_flag=True, help="Dev, dev_wild, reworded, sealed test and real splits side by side (per kind only)."
)
@friendly
def eval_(questions, personas, backend, baselines, out, splits) -> None:
    """Score answer quality offline; exits 1 when a metric is under evals/thresholds.yaml."""
    from pathlib import Path

    if splits:
        from evals.splits import run

        click.echo(run(get_settings(), Path(out)))
        return

    from evals.harness import DATASETS, run_eval, summary_table

    settings = get_settings()
    if backend:
        settings = settings.model_copy(update={"llm": backend})
    run = run_eval(
        settings,
        Path(questions or DATASETS / "questions.yaml"),
        Path(personas or DATASETS / "personas.yaml"),
        Path(out),
        list(baselines) or None,
    )
    click.echo(summary_table(run))
    click.echo(
        f"\nReport: {Path(out) / 'report.md'}, records: {Path(out) / 'results.jsonl'}, "
        f"chart: {Path(out) / 'metrics.png'}"
    )
    if run.failures:
        click.secho("Thresholds not met: " + "; ".join(run.failures), fg="red")
        sys.exit(1)
    click.secho("All thresholds met.", fg="green")
