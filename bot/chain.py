"""The chat chain: condense -> route -> retrieve -> tool call -> generate -> check.

The steps up to the tool call are LangChain LCEL runnables over a state dict; generation streams composer
lines, or LLM sentences each shown only once checked, and the whole answer is checked again when done. Role
fit, learning plans and comparisons are answered by the deterministic tools (a real LangChain tool call);
fact questions by the LLM with a strict grounded prompt, or by the grounded composer when there is no LLM
or it fails.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from bot import answerers, skills
from bot.answer import Answer, Citation, ToolCall
from bot.compose import Composer, Draft
from bot.embeddings import get_embeddings
from bot.grounding import CheckedStream, GroundingChecker, leaks_prompt
from bot.ingest import Passage
from bot.llm import Backend, make_backend
from bot.matching import SkillProfile
from bot.prompts import messages, prompt
from bot.question import FIT, Question, classify, find_entities, fix_spelling
from bot.retrieval import Retriever
from bot.router import ASKS, FIRST_PERSON, PRONOUN, Router
from bot.settings import Settings
from bot.skills import Evidence, evidence_lines, extract_profile
from bot.taxonomy import Taxonomy, clean_text, default_taxonomy, prose
from bot.tools import TOOLS

log = logging.getLogger(__name__)
PEOPLE = re.compile(r"\b(they|them|their|theirs|he|she|his|her|those|that role|this role|that one|this one)\b", re.I)
FOLLOW_UP = re.compile(r"^\s*(and|what about|how about|same for|and for|now for|ok and|what if)\b", re.I)
NOT_COVERED_SIMILARITY = 0.3
ROW_SIMILARITY = 0.55


@dataclass
class Session:
    """One conversation: bounded history plus what the user told us about their skills."""

    max_turns: int = 6
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    history: deque = field(default_factory=deque)
    profile: SkillProfile = field(default_factory=SkillProfile)
    evidence: list[Evidence] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    subtasks: list[str] = field(default_factory=list)
    last_intent: str | None = None
    last_question: Question | None = None  # "and for a data scientist?" asks it again of another entity

    def remember(self, question: str, answer: Answer, q: Question) -> None:
        self.history.append((question, answer.text))
        while len(self.history) > self.max_turns:
            self.history.popleft()
        # the latest entities talked about, for "they" / "it" in the next turn: the question's, or the roles its
        # answer named first ("which role keeps up with research?" -> "what do they use for that?")
        named = find_entities(answer.text.split("\n", 1)[0], default_taxonomy()).roles[:1] if q.kind == "who" else []
        roles = list(q.roles) or named
        if roles or q.tasks:
            # a question about a task keeps the people talked about before ("they" may still be them)
            self.roles = roles or (self.roles if q.tasks else [])
            self.tasks, self.subtasks = list(q.tasks), list(q.entities.subtasks)
        self.last_intent = answer.intent
        if q.kind not in ("smalltalk", "injection", "not_covered"):
            self.last_question = q

    def learn_skills(self, evidence: list[Evidence]) -> None:
        by_skill = {e.skill: e for e in self.evidence} | {e.skill: e for e in evidence}
        self.evidence = list(by_skill.values())
        self.profile = SkillProfile(levels={s: e.level for s, e in by_skill.items()})


def stated_skills(text: str, tax: Taxonomy, embedder=None) -> list[Evidence]:
    """The skills a user states about themselves in a message: one in the first person, one that asks which
    role fits, or a statement (not a question) that names at least two skills ("5 yrs pytorch, some SQL")."""
    try:
        evidence = extract_profile(text, tax, embedder).evidence
    except ValueError:
        return []
    about_me = FIRST_PERSON.search(text) or FIT.search(text)
    return evidence if about_me or (not ASKS.search(text) and len({e.skill for e in evidence}) >= 2) else []


class Mentor:
    """The career mentor: one per process, shared by all sessions (sessions hold the state)."""

    def __init__(
        self, settings: Settings, retriever: Retriever, backend: Backend | None = None, tax: Taxonomy | None = None
    ):
        self.settings = settings
        self.retriever = retriever
        self.backend = backend or make_backend(settings)
        self.tax = tax or default_taxonomy()
        embedder = self.embedder = get_embeddings(settings)
        self.router = Router(self.tax, embedder)
        self.composer = Composer(embedder)
        self.checker = GroundingChecker(embedder, settings.min_support)
        self.library = answerers.Library(retriever.passages)
        self.prepare = (
            RunnablePassthrough.assign(standalone=RunnableLambda(self._condense))
            | RunnablePassthrough.assign(route=RunnableLambda(self._route))
            | RunnablePassthrough.assign(passages=RunnableLambda(self._retrieve))
            | RunnablePassthrough.assign(tool=RunnableLambda(self._call_tool))
        )

    def warm_up(self) -> None:
        """Load and embed what every answer needs (a server calls this once at start)."""
        self.composer.warm_up(self.retriever.passages)
        skills.warm_up(self.tax, self.embedder)
        self.ask("warm up: what does a data analyst do?")

    def new_session(self) -> Session:
        return Session(max_turns=self.settings.history_turns)

    # -- steps -------------------------------------------------------------------------------------
    def _condense(self, state: dict) -> str:
        """The question as it stands alone: an LLM rewrites a follow-up when there is one; otherwise the
        entities of the conversation are named after it for retrieval ("(about: data analyst)")."""
        question, session = state["question"], state["session"]
        if not session.history or self.router.route(question).entities.count():
            return question
        if self.backend.chat_model is not None:
            try:
                history = "\n".join(f"User: {q}\nMentor: {a[:300]}" for q, a in session.history)
                out = self.backend.chat_model.invoke(prompt("condense").format(history=history, question=question))
                text = str(out.content).strip().splitlines()[0] if str(out.content).strip() else ""
                if 3 <= len(text) <= 300:
                    return text
            except Exception as exc:  # the rule below still resolves pronouns
                log.warning("condense with LLM failed: %s", exc)
        names = [prose(self.tax.role(r).name) for r in session.roles]
        names += [prose(self.tax.task(t).name) for t in session.tasks]
        short = len(question.split()) <= 10 and not FIRST_PERSON.search(question)  # "I know SQL" is not a follow-up
        if names and (PRONOUN.search(question) or FOLLOW_UP.match(question) or short):
            return f"{question} (about: {' and '.join(names)})"
        return question

    def _route(self, state: dict) -> Question:
        question, session = state["question"], state["session"]
        stated = stated_skills(question, self.tax, self.embedder)
        if stated:
            session.learn_skills(stated)
        q = self.router.route(question, states_skills=bool(stated))
        return self._resolve(q, session, stated=bool(stated))

    def _resolve(self, q: Question, session: Session, stated: bool) -> Question:
        """The question read in the light of the conversation: "they", "that", "and for X?", "how is that
        different from X?", and skills given after a plan asked for them."""
        ents, last = q.entities, session.last_question
        if q.kind in ("smalltalk", "injection") or not session.history:
            return q
        if stated and session.last_intent == "learning_plan" and session.roles and q.kind in ("fit", "fact"):
            return q.model_copy(
                update={
                    "kind": "plan",
                    "reason": "skills given for the plan",
                    "entities": ents.model_copy(update={"roles": list(session.roles)}),
                }
            )
        if FOLLOW_UP.match(q.text) and last and ents.count() and q.kind in ("fact", "describe", "plan", "needs"):
            # the last question again, of the entity named now: it replaces the entity of the same type, or all
            # of them when it is of a type the last question did not name ("which do X?" -> "and which use Y?")
            fields = [f for f in ("roles", "tasks", "skills", "tools", "orgs") if getattr(ents, f)]
            if any(not getattr(last.entities, f) for f in fields):
                return last.model_copy(update={"entities": ents, "text": q.text, "reason": "same kind, new entity"})
            update = {f: getattr(ents, f) for f in fields}
            return last.model_copy(
                update={"entities": last.entities.model_copy(update=update), "reason": "same question, new entity"}
            )
        # a question that names its own subject refers back only through a pronoun ("what is deployment?" does not)
        short = len(q.text.split()) <= 6 and not ents.count()
        refers = bool(PRONOUN.search(q.text) or FOLLOW_UP.match(q.text) or short)
        update = {}
        if q.kind == "contrast" and len(ents.roles) == 1 and session.roles and session.roles[0] != ents.roles[0]:
            update["roles"] = [session.roles[0], ents.roles[0]]
        elif q.kind == "contrast" and ents.variants and not ents.roles and session.roles:
            update["roles"] = list(session.roles[:1])
        elif q.kind == "contrast" and len(ents.tasks) == 1 and session.tasks and session.tasks[0] != ents.tasks[0]:
            update["tasks"] = [session.tasks[0], ents.tasks[0]]
        elif refers and q.kind != "not_covered":
            people = PEOPLE.search(q.text) or FOLLOW_UP.match(q.text) or short
            if not ents.roles and session.roles and people and not FIRST_PERSON.search(q.text):
                update["roles"] = list(session.roles[:1])
            if not ents.tasks and session.tasks and re.search(r"\b(that|it|this|there)\b", q.text, re.I):
                update["tasks"] = list(session.tasks[:1])
                update["subtasks"] = list(session.subtasks[:1])
        if not update:
            return q
        ents = ents.model_copy(update=update)
        kind, reason = classify(fix_spelling(q.text, self.tax), ents)
        kind = q.kind if q.kind not in ("fact", "describe") or kind == "fact" else kind
        return q.model_copy(update={"entities": ents, "kind": kind, "reason": f"{reason}, from the conversation"})

    def _retrieve(self, state: dict) -> list[Passage]:
        q: Question = state["route"]
        if q.kind == "smalltalk" or q.injection:
            return []
        role = q.roles[0] if len(q.roles) == 1 and q.kind in ("fact", "describe", "needs", "why") else None
        passages = self.retriever.search(state["standalone"], role=role)
        if q.kind == "why" and state["standalone"] != q.text:  # the reason may sit in another role's section
            passages = [*self.retriever.search(q.text)[:3], *passages]
            passages = list({p.id: p for p in passages}.values())
        if role and len(passages) < 3:
            passages += [p for p in self.retriever.search(state["standalone"]) if p not in passages]
        return passages[: self.settings.top_k]

    def _call_tool(self, state: dict) -> dict | None:
        """Issue a LangChain tool call to the deterministic tools when the question needs one."""
        q: Question = state["route"]
        profile = state["session"].profile.levels or None
        if q.kind == "fit" and profile:
            name, args = "match_roles", {"profile": profile}
        elif q.kind in ("plan", "transition") and q.roles:
            src, dst = answerers.from_to(q.text, q.roles, self.tax) if len(q.roles) > 1 else (None, q.roles[0])
            start = profile or ({s: e.level for s, e in self.tax.role(src).profile.items()} if src else None)
            name, args = "learning_plan", {"role": dst, "profile": start or {"research": 0}}
        elif q.kind == "contrast" and len(q.roles) >= 2:
            name, args = "compare_roles", {"role_a": q.roles[0], "role_b": q.roles[1]}
        elif q.kind == "describe" and q.roles:
            name, args = "describe_role", {"role": q.roles[0]}
        else:
            return None
        message = TOOLS[name].invoke(
            {"name": name, "args": args, "id": f"call_{uuid.uuid4().hex[:8]}", "type": "tool_call"}
        )
        return {"name": name, "args": args, "text": str(message.content), "artifact": message.artifact}

    # -- generation ------------------------------------------------------------------------------
    def _context(self, state: dict) -> answerers.Context:
        session: Session = state["session"]
        return answerers.Context(
            question=state["route"],
            standalone=state["standalone"],
            tax=self.tax,
            library=self.library,
            passages=state["passages"],
            composer=self.composer,
            profile=session.profile,
            evidence_lines=evidence_lines(session.evidence, self.tax),
            only_titles=bool(session.evidence) and all(e.source in ("role", "title") for e in session.evidence),
            previous=session.history[-1][0] if session.history else "",
        )

    def _grounded_draft(self, state: dict) -> Draft:
        q: Question = state["route"]
        passages = state["passages"]
        if q.injection:
            return Draft(text=messages()["injection"])
        ctx = self._context(state)
        row = self._row_asked(ctx)
        if row:  # the question is about one subtask of the reports' tables: its examples answer it
            ctx.question = q.model_copy(
                update={"kind": "describe", "entities": q.entities.model_copy(update={"subtasks": [row]})}
            )
        draft = answerers.answer(ctx)
        if draft is not None:
            return draft
        if not passages or self.retriever.top_similarity(state["standalone"]) < NOT_COVERED_SIMILARITY:
            return self._not_covered(passages)
        # the composer's fallback: only passages about the question's entities, when it names any
        named = set(q.roles) | set(q.tasks)
        about = [p for p in passages if p.role in named or p.task in named] if named else passages
        draft = self.composer.facts(state["standalone"], about or passages)
        return draft if draft.text else self._not_covered(passages)

    def _row_asked(self, ctx: answerers.Context) -> str | None:
        """The subtask ("task/subtask") a question is about when it names none but a subtask row of the reports
        answers it closely ("what kind of tests do they write?"): rows are the reports' most specific facts."""
        q = ctx.question
        if q.kind not in ("describe", "needs", "who", "fact") or q.roles or q.entities.subtasks:
            return None
        rows = [p for p in ctx.passages[:2] if p.kind == "table_row"]
        ranked = self.composer.ranked(ctx.standalone, rows)
        if ranked and ranked[0][2] >= ROW_SIMILARITY:
            return f"{ranked[0][1].task}/{ranked[0][1].subtask}"
        return None

    def _not_covered(self, passages: list[Passage]) -> Draft:
        names = []
        for p in passages:
            name = (
                f"the {prose(self.tax.role(p.role).name)} role"
                if p.role
                else f"the {prose(self.tax.task(p.task).name)} task"
                if p.task
                else None
            )
            names.append(name if name not in names else None)
        return self.composer.not_covered(passages, names)

    def _llm_messages(self, state: dict, facts: list[str]) -> list:
        passages = "\n\n".join(f"[{i}] ({p.cite()})\n{p.text}" for i, p in enumerate(state["passages"], 1))
        profile = ", ".join(f"{s}={lvl}" for s, lvl in state["session"].profile.levels.items()) or "unknown"
        history = []
        for q, a in state["session"].history:
            history += [HumanMessage(q), AIMessage(a)]
        user = prompt("answer").format(
            passages=passages or "(none)",
            tools="\n".join(f"- {f}" for f in facts) or "(none)",
            profile=profile,
            question=f"{state['standalone']} (kind of question: {state['route'].kind})",
        )
        return [SystemMessage(prompt("system")), *history, HumanMessage(user)]

    def _uses_llm(self, state: dict) -> bool:
        q: Question = state["route"]
        return (
            self.backend.chat_model is not None
            and q.kind not in ("smalltalk", "injection", "not_covered", "fit", "plan", "transition")
            and bool(state["passages"])
            and state["tool"] is None
        )

    # -- public ------------------------------------------------------------------------------------
    def stream(self, question: str, session: Session) -> Iterator[str | Answer]:
        """Yield answer text chunks as they come, then the final, checked `Answer`."""
        t0 = time.perf_counter()
        msg = messages()
        question = clean_text(question or "")
        if not question or len(question) > self.settings.max_message_chars:
            text = (
                msg["empty"]
                if not question
                else msg["too_long"].format(length=len(question), limit=self.settings.max_message_chars)
            )
            answer = Answer(text=text, intent="invalid", backend=self.backend.label, standalone_question="")
            yield text
            yield answer
            return
        state = self.prepare.invoke({"question": question, "session": session})
        timings = {"prepare": time.perf_counter() - t0}
        fallback = False
        draft: Draft | None = None
        # the answer without an LLM; its facts are an LLM's tool result
        grounded = state["grounded"] = self._grounded_draft(state)
        shown: list[str] = []
        said: str | None = None
        if self._uses_llm(state):
            gate = CheckedStream(self.checker, _evidence(Draft(text="", cited=state["passages"], facts=grounded.facts)))
            try:
                chunks = self.backend.chat_model.stream(self._llm_messages(state, grounded.facts))
                for sentence in gate.sentences(str(chunk.content) for chunk in chunks):
                    timings.setdefault("first_chunk", time.perf_counter() - t0)
                    shown.append(sentence)
                    yield sentence
                if not gate.said.strip():
                    raise ValueError("empty answer")
                kept = "".join(gate.kept).strip()
                draft, said = Draft(text=kept, cited=state["passages"], facts=grounded.facts), gate.said
            except Exception as exc:
                log.warning("LLM failed (%s); answering grounded", exc)
                fallback = True
        if draft is None:
            draft = grounded
            if fallback:
                draft = draft.model_copy(update={"text": f"{draft.text}\n\n{msg['fallback_note']}"})
            timings.setdefault("first_chunk", time.perf_counter() - t0)
            for piece in re.split(r"(?<=\n)", draft.text):
                shown.append(piece)
                yield piece
        answer = self._finish(state, draft, fallback=fallback, said=said)
        if not _flat("".join(shown)).endswith(_flat(answer.text)):  # the check replaced what was shown
            yield ("\n\n" if shown else "") + answer.text
        answer.timings = timings | {"total": time.perf_counter() - t0}
        session.remember(question, answer, state["route"])
        self._log(session, question, answer)
        yield answer

    def _log(self, session: Session, question: str, answer: Answer) -> None:
        extra = {
            "request_id": uuid.uuid4().hex[:12],
            "session_id": session.id,
            "intent": answer.intent,
            "backend": answer.backend,
            "fallback": answer.fallback,
            "grounding": answer.grounding,
            "citations": len(answer.citations),
            "timings_ms": {k: round(v * 1000, 1) for k, v in answer.timings.items()},
        }
        if self.settings.log_user_text:  # users' words stay out of logs unless asked for
            extra["question"] = question
        log.info(
            "answered %s via %s in %.0f ms",
            answer.intent,
            answer.backend,
            answer.timings.get("total", 0) * 1000,
            extra=extra,
        )

    def ask(self, question: str, session: Session | None = None) -> Answer:
        """The whole answer at once."""
        session = session or self.new_session()
        *_, answer = self.stream(question, session)
        return answer

    def _finish(self, state: dict, draft: Draft, fallback: bool, said: str | None = None) -> Answer:
        """The checked answer. `said`: all an LLM said, when `draft` holds the sentences of it that were kept."""
        q: Question = state["route"]
        text, llm = draft.text, said is not None
        evidence = _evidence(draft)
        if state["tool"]:
            evidence.append(state["tool"]["text"])
        if llm and self._leaks_prompt(said):
            text = said = messages()["injection"]
        report = self.checker.check(said if llm else text, evidence)  # an LLM is scored on all it said
        unsupported = report.unsupported
        if llm and not re.search(r"\w", re.sub(r"\[\d+\]", "", text)):  # nothing supported is left
            draft = state["grounded"]
            text, fallback, llm = f"{draft.text}\n\n{messages()['unsupported_note']}", True, False
            report = self.checker.check(text, _evidence(draft))
        used = sorted({int(n) for n in re.findall(r"\[(\d+)\]", text) if 0 < int(n) <= len(draft.cited)})
        citations = [Citation.of(n, draft.cited[n - 1]) for n in used]
        tool = state["tool"]
        calls = [ToolCall(name=tool["name"], args=tool["args"], result=tool["text"])] if tool else []
        return Answer(
            text=text,
            citations=citations,
            tool_calls=calls,
            intent=q.intent,
            kind=q.kind,
            backend="grounded" if fallback or not llm else self.backend.label,
            fallback=fallback,
            grounding=report.score,
            unsupported=unsupported,
            facts=draft.facts,
            standalone_question=state["standalone"],
        )

    _leaks_prompt = staticmethod(leaks_prompt)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _evidence(draft: Draft) -> list[str]:
    """What an answer may rest on: its cited passages (text and headings), the taxonomy facts it was composed
    from, and the fixed messages."""
    cited = [p.text for p in draft.cited] + [p.section_path for p in draft.cited]
    return cited + draft.facts + list(messages().values())
