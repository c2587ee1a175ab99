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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from bot.answer import Answer, Citation, ToolCall
from bot.compose import Composer, Draft, units
from bot.embeddings import get_embeddings
from bot.grounding import GroundingChecker, complete_sentences
from bot.ingest import Passage
from bot.llm import Backend, make_backend
from bot.matching import SkillProfile
from bot.prompts import messages, prompt
from bot.retrieval import Retriever
from bot.router import FIRST_PERSON, PRONOUN, Route, Router, mentioned_roles, mentioned_tasks
from bot.settings import Settings
from bot.skills import Evidence, extract_profile
from bot.taxonomy import Taxonomy, clean_text, default_taxonomy, prose
from bot.tools import TOOLS

log = logging.getLogger(__name__)
WHO = re.compile(r"\b(which|what) (roles?|jobs?|positions?|people)\b|\bwho\b|\broles? (that|which)\b", re.I)
TOOLS_ASKED = re.compile(r"\b(tools?|languages?|software(?! engineer)|packages?|use|uses|using)\b", re.I)
FOLLOW_UP = re.compile(r"^\s*(and|what about|how about|same for|and for|now for)\b", re.I)
NOT_COVERED_SIMILARITY = 0.3
PLAN_STEPS_SHOWN = 4


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
    last_intent: str | None = None

    def remember(self, question: str, answer: Answer, roles: list[str], tasks: list[str]) -> None:
        self.history.append((question, answer.text))
        while len(self.history) > self.max_turns:
            self.history.popleft()
        if roles or tasks:  # the latest entities talked about, for "they" / "it" in the next turn
            self.roles, self.tasks = roles, tasks
        self.last_intent = answer.intent

    def learn_skills(self, evidence: list[Evidence]) -> None:
        by_skill = {e.skill: e for e in self.evidence} | {e.skill: e for e in evidence}
        self.evidence = list(by_skill.values())
        self.profile = SkillProfile(levels={s: e.level for s, e in by_skill.items()})


def stated_skills(text: str, tax: Taxonomy) -> list[Evidence]:
    """The skills a user states about themselves in a message (none unless they speak in the first person)."""
    if not FIRST_PERSON.search(text):
        return []
    try:
        return extract_profile(text, tax).evidence
    except ValueError:
        return []


class Mentor:
    """The career mentor: one per process, shared by all sessions (sessions hold the state)."""

    def __init__(
        self, settings: Settings, retriever: Retriever, backend: Backend | None = None, tax: Taxonomy | None = None
    ):
        self.settings = settings
        self.retriever = retriever
        self.backend = backend or make_backend(settings)
        self.tax = tax or default_taxonomy()
        embedder = get_embeddings(settings)
        self.router = Router(self.tax, embedder)
        self.composer = Composer(embedder)
        self.checker = GroundingChecker(embedder, settings.min_support)
        self._cards = {p.role: p for p in retriever.passages if p.kind == "role_card"}
        self._task_cards = {p.task: p for p in retriever.passages if p.kind == "task_card"}
        self._rows = {(p.task, p.subtask): p for p in reversed(retriever.passages) if p.kind == "table_row"}
        self.prepare = (
            RunnablePassthrough.assign(standalone=RunnableLambda(self._condense))
            | RunnablePassthrough.assign(route=RunnableLambda(self._route))
            | RunnablePassthrough.assign(passages=RunnableLambda(self._retrieve))
            | RunnablePassthrough.assign(tool=RunnableLambda(self._call_tool))
        )

    def warm_up(self) -> None:
        """Load and embed what every answer needs (a server calls this once at start)."""
        self.composer.warm_up(self.retriever.passages)
        self.ask("warm up: what does a data analyst do?")

    def new_session(self) -> Session:
        return Session(max_turns=self.settings.history_turns)

    # -- steps -------------------------------------------------------------------------------------
    def _condense(self, state: dict) -> str:
        question, session = state["question"], state["session"]
        if not session.history or mentioned_roles(question, self.tax) or mentioned_tasks(question):
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

    def _route(self, state: dict) -> Route:
        question, session, standalone = state["question"], state["session"], state["standalone"]
        stated = stated_skills(question, self.tax)
        if stated:
            session.learn_skills(stated)
        route = self.router.route(standalone, states_skills=bool(stated))
        if not route.roles and session.roles and route.intent in ("learning_plan", "describe_role", "fact"):
            route.roles = list(session.roles) if PRONOUN.search(question) or FOLLOW_UP.match(question) else []
        if FOLLOW_UP.match(question) and route.roles and session.last_intent in ("learning_plan", "role_fit"):
            route.intent = "learning_plan"  # "and for a data scientist?" after a plan or a fit
        if stated and session.last_intent == "learning_plan" and route.intent in ("role_fit", "fact") and session.roles:
            route.intent, route.roles = "learning_plan", list(session.roles)  # skills given after we asked
        return route

    def _retrieve(self, state: dict) -> list[Passage]:
        route: Route = state["route"]
        if route.intent == "greeting" or route.injection:
            return []
        role = route.roles[0] if len(route.roles) == 1 and route.intent in ("fact", "describe_role") else None
        passages = self.retriever.search(state["standalone"], role=role)
        if role and len(passages) < 3:
            passages += [p for p in self.retriever.search(state["standalone"]) if p not in passages]
        return passages[: self.settings.top_k]

    def _call_tool(self, state: dict) -> dict | None:
        """Issue a LangChain tool call to the deterministic tools when the intent needs one."""
        route: Route = state["route"]
        session: Session = state["session"]
        profile = session.profile.levels or None
        if route.intent == "role_fit" and profile:
            name, args = "match_roles", {"profile": profile}
        elif route.intent == "learning_plan" and route.roles:
            name, args = "learning_plan", {"role": route.roles[0], "profile": profile or {"research": 0}}
        elif route.intent == "compare" and len(route.roles) >= 2:
            name, args = "compare_roles", {"role_a": route.roles[0], "role_b": route.roles[1]}
        elif route.intent == "describe_role" and route.roles:
            name, args = "describe_role", {"role": route.roles[0]}
        else:
            return None
        message = TOOLS[name].invoke(
            {"name": name, "args": args, "id": f"call_{uuid.uuid4().hex[:8]}", "type": "tool_call"}
        )
        return {"name": name, "args": args, "text": str(message.content), "artifact": message.artifact}

    # -- generation ------------------------------------------------------------------------------
    def _tool_draft(self, state: dict) -> Draft:
        tool, route, session = state["tool"], state["route"], state["session"]
        msg = messages()
        text = tool["text"]
        cited: list[Passage] = []
        if tool["name"] == "learning_plan":
            plan = tool["artifact"]["plan"]
            text = self._plan_text(text)
            cited = [self._cards[plan.role_id]] + self._plan_rows(plan)
            if not session.profile.levels:
                text += "\n\n" + msg["ask_skills"]
        elif tool["name"] == "match_roles":
            ranking = tool["artifact"]["ranking"]
            cited = [self._cards[m.role_id] for m in ranking.ranking[:3]]
        else:
            cited = [self._cards[r] for r in route.roles[:2] if r in self._cards]
            cited += [p for p in state["passages"] if p.role in route.roles and p not in cited][:2]
        return self.composer.with_tool(text, cited)

    def _plan_text(self, full_text: str) -> str:
        lines = full_text.splitlines()
        starts = [i for i, line in enumerate(lines) if re.match(r"^\d+\. ", line)]
        if len(starts) <= PLAN_STEPS_SHOWN:
            return full_text
        rest = len(starts) - PLAN_STEPS_SHOWN
        return "\n".join(lines[: starts[PLAN_STEPS_SHOWN]]) + "\n" + messages()["more_gaps"].format(count=rest)

    def _plan_rows(self, plan) -> list[Passage]:
        rows = []
        for step in plan.steps[:PLAN_STEPS_SHOWN]:
            for act in step.activities[:1]:
                row = self._rows.get((act.task, act.subtask))
                if row and row not in rows:
                    rows.append(row)
        return rows

    def _grounded_draft(self, state: dict) -> Draft:
        route, passages = state["route"], state["passages"]
        msg = messages()
        if route.intent == "greeting":
            return Draft(text=msg["greeting"])
        if route.injection:
            return Draft(text=msg["injection"])
        if route.intent == "out_of_scope":
            return self.composer.not_covered(passages)
        if state["tool"]:
            return self._tool_draft(state)
        if route.intent == "role_fit":
            return Draft(text=msg["ask_skills"])
        if not passages or self.retriever.top_similarity(state["standalone"]) < NOT_COVERED_SIMILARITY:
            return self.composer.not_covered(passages)
        draft = self.composer.facts(state["standalone"], passages, lead=self._lead(route))
        return draft if draft.text else self.composer.not_covered(passages)

    def _lead(self, route: Route) -> tuple[Passage, list[str]] | None:
        """Taxonomy sentences that must open a fact answer: for "which roles / who does <task>" the
        task card's "... is carried out by" line; for "what tools does <role> use" the role's tools."""
        if len(route.tasks) == 1 and not route.roles and WHO.search(route.question):
            card = self._task_cards.get(route.tasks[0])
            lines = [u for u in units(card) if " is carried out by" in u] if card else []
            return (card, lines) if lines else None
        if len(route.roles) == 1 and TOOLS_ASKED.search(route.question):
            card = self._cards.get(route.roles[0])
            role = self.tax.role(route.roles[0])
            wanted = {t.rstrip(".") for t in role.tools.values()}
            lines = [u for u in units(card) if u.removeprefix("Tools: ").rstrip(".") in wanted] if card else []
            return (card, lines) if lines else None
        return None

    def _llm_messages(self, state: dict) -> list:
        passages = "\n\n".join(f"[{i}] ({p.cite()})\n{p.text}" for i, p in enumerate(state["passages"], 1))
        profile = ", ".join(f"{s}={lvl}" for s, lvl in state["session"].profile.levels.items()) or "unknown"
        history = []
        for q, a in state["session"].history:
            history += [HumanMessage(q), AIMessage(a)]
        user = prompt("answer").format(
            passages=passages or "(none)", tools="(none)", profile=profile, question=state["standalone"]
        )
        return [SystemMessage(prompt("system")), *history, HumanMessage(user)]

    def _uses_llm(self, state: dict) -> bool:
        route = state["route"]
        return (
            self.backend.chat_model is not None
            and route.intent in ("fact", "describe_role")
            and not route.injection
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
        uses_llm = self._uses_llm(state)
        shown: list[str] = []
        said: str | None = None
        if uses_llm:
            gate = CheckedStream(self.checker, state["passages"])
            try:
                chunks = self.backend.chat_model.stream(self._llm_messages(state))
                for sentence in gate.sentences(str(chunk.content) for chunk in chunks):
                    timings.setdefault("first_chunk", time.perf_counter() - t0)
                    shown.append(sentence)
                    yield sentence
                if not gate.said.strip():
                    raise ValueError("empty answer")
                draft, said = Draft(text="".join(gate.kept).strip(), cited=state["passages"]), gate.said
            except Exception as exc:
                log.warning("LLM failed (%s); answering grounded", exc)
                fallback = True
        if draft is None:
            draft = self._grounded_draft(state)
            if fallback:
                draft = Draft(text=f"{draft.text}\n\n{msg['fallback_note']}", cited=draft.cited)
            timings.setdefault("first_chunk", time.perf_counter() - t0)
            for piece in re.split(r"(?<=\n)", draft.text):
                shown.append(piece)
                yield piece
        answer = self._finish(state, draft, fallback=fallback, said=said)
        if not _flat("".join(shown)).endswith(_flat(answer.text)):  # the check replaced what was shown
            yield ("\n\n" if shown else "") + answer.text
        answer.timings = timings | {"total": time.perf_counter() - t0}
        session.remember(question, answer, state["route"].roles, state["route"].tasks)
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
        route: Route = state["route"]
        text, llm = draft.text, said is not None
        evidence = _evidence(draft)
        if state["tool"]:
            evidence.append(state["tool"]["text"])
        if llm and self._leaks_prompt(said):
            text = said = messages()["injection"]
        report = self.checker.check(said if llm else text, evidence)  # an LLM is scored on all it said
        unsupported = report.unsupported
        if llm and not re.search(r"\w", re.sub(r"\[\d+\]", "", text)):  # nothing supported is left
            draft = self._grounded_draft(state)
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
            intent=route.intent,
            backend="grounded" if fallback or not llm else self.backend.label,
            fallback=fallback,
            grounding=report.score,
            unsupported=unsupported,
            standalone_question=state["standalone"],
        )

    @staticmethod
    def _leaks_prompt(text: str) -> bool:
        """Whether the answer repeats a run of 8 words of the system prompt."""
        shingles = _prompt_shingles()
        out = re.findall(r"\w+", text.lower())
        return any(" ".join(out[i : i + 8]) in shingles for i in range(len(out) - 7))


class CheckedStream:
    """An LLM's answer shown as it streams, a sentence at a time, each only once it passes the checks the
    finished answer gets: supported by the passages, and no run of the system prompt in what the model has
    said so far. A model that strays from the reports or obeys an injection shows none of it, even mid-stream."""

    def __init__(self, checker: GroundingChecker, passages: list[Passage]):
        self.checker = checker
        self.evidence = _evidence(Draft(text="", cited=passages))
        self.said = ""  # all the model said, shown or not: the final check scores it
        self.kept: list[str] = []  # the sentences shown, as the model said them

    def sentences(self, pieces: Iterable[str]) -> Iterator[str]:
        """The sentences of the streamed `pieces` that may be shown, each as soon as it is complete."""
        pending = ""
        for piece in pieces:
            self.said += piece
            if Mentor._leaks_prompt(self.said):
                return  # it is reciting its instructions: stop reading it
            done, pending = complete_sentences(pending + piece)
            yield from self._supported(done)
        yield from self._supported([pending])

    def _supported(self, sentences: list[str]) -> Iterator[str]:
        for sentence in sentences:
            if sentence.strip() and not self.checker.check(sentence, self.evidence).unsupported:
                self.kept.append(sentence)
                yield sentence


def _flat(text: str) -> str:
    return " ".join(text.split())


def _evidence(draft: Draft) -> list[str]:
    """What an answer may rest on: its cited passages (text and headings) and the fixed messages."""
    return [p.text for p in draft.cited] + [p.section_path for p in draft.cited] + list(messages().values())


@cache
def _prompt_shingles() -> frozenset[str]:
    """Every run of 8 words of the system prompt (computed once, checked on every LLM answer)."""
    words = re.findall(r"\w+", prompt("system").lower())
    return frozenset(" ".join(words[i : i + 8]) for i in range(len(words) - 7))
