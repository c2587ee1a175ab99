"""The chat chain: condense -> route -> retrieve -> tool call -> answer -> check.

The steps up to the tool call are one LangChain runnable over a state dict. The question is typed by the router
(`bot.reading.question`), read in the light of the conversation (`bot.chat.conversation`), and answered by the
answerer of its kind (`bot.answering.table`, through `bot.answering.answerers.answer`), which opens with a sentence
composed from taxonomy facts; questions no answerer takes get the retrieval composer. With an LLM, the answerer's
facts are its tool result and its sentences stream only once checked; without one, or when it fails, the grounded
answer is the reply.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Iterator

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_core.runnables import RunnableLambda

from bot.answering import answerers, plans, replies
from bot.answering.answer import Answer, Citation, ToolCall
from bot.answering.compose import Composer, Draft
from bot.answering.evidence import uncovered
from bot.answering.grounding import CheckedStream, GroundingChecker, leaks_prompt
from bot.answering.levels_note import how_sure
from bot.answering.llm import Backend, make_backend
from bot.answering.tools import TOOLS
from bot.chat import assess
from bot.chat.conversation import RETOLD, Session, about, picked, resolve, stated_skills
from bot.index.embeddings import get_embeddings
from bot.index.passages import Passage
from bot.index.retrieval import Retriever
from bot.knowledge.prompts import messages, prompt
from bot.knowledge.taxonomy import Taxonomy, clean_text, default_taxonomy
from bot.logs import log_answer
from bot.reading import skills
from bot.reading.activities import activity_index
from bot.reading.english import english_words
from bot.reading.kinds import KindReader, shipped_model
from bot.reading.question import Entities, Question, find_entities, role_phrases
from bot.reading.router import Router, leans_on_story
from bot.reading.skills import evidence_lines
from bot.settings import Settings

log = logging.getLogger(__name__)
MEANING_SHARE = 0.35  # the share of a question's rare words a subtask's texts must hold to be what it asks about
BY_MEANING = {"fact", "describe", "who", "needs", "why", "yes_no"}  # kinds a subtask found by meaning can answer


WEAK_SOURCES = ("role", "title", "degree")  # a job title or a degree says what people are called or studied


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
        kinds = KindReader(shipped_model(), embedder) if settings.kind_reader == "learned" else None
        self.router = Router(
            self.tax,
            embedder,
            kinds=kinds,
            kind_confidence=settings.kind_confidence,
            decline_confidence=settings.decline_confidence,
            override_confidence=settings.override_confidence,
        )
        self.composer = Composer(embedder, corpus=retriever.passages, names=role_phrases(self.tax))
        self.checker = GroundingChecker(embedder, settings.min_support)
        self.library = replies.Library(retriever.passages, self.tax)
        # the steps that each add one key to the state, in order, as one runnable: as a sequence of four (each a
        # RunnableLambda) LangChain's per-step bookkeeping (a callback manager, a config copy and signature checks
        # per step) cost ~1.1 ms of CPU per answer under the GIL, for step names no tracer reads
        self.steps = {
            "standalone": self._condense,
            "route": self._route,
            "passages": self._retrieve,
            "tool": self._call_tool,
        }
        self.prepare = RunnableLambda(self._prepare, name="prepare")

    def warm_up(self) -> None:
        """Load and embed what every answer needs (a server calls this once at start)."""
        self.composer.warm_up(self.retriever.passages)
        self.composer.scores("warm up", answerers.warm_up_texts(self.library, self.tax))
        skills.warm_up(self.tax, self.embedder)
        self.router.warm_up()
        english_words()  # 0.1 s: the spelling fixer's and the evidence check's English words
        self.ask("warm up: what does a data analyst do?")

    def new_session(self) -> Session:
        return Session(max_turns=self.settings.history_turns)

    # -- steps -------------------------------------------------------------------------------------
    def _prepare(self, state: dict) -> dict:
        for key, step in self.steps.items():
            state = {**state, key: step(state)}
            if key == "route" and state["route"].reason in RETOLD:
                state = {**state, "standalone": state["route"].text}  # "and for deployment?": the last one, retold
        meant = self._by_meaning(state)
        if meant is not None:
            state = {**state, "route": meant}
        declined = uncovered(state["route"], state["passages"], self.composer, self.settings.cover_similarity)
        return {**state, "route": declined} if declined else state

    def _by_meaning(self, state: dict) -> Question | None:
        """A question that names nothing, read again as about the subtask it describes, as the activity reader reads
        it (the subtasks' names, examples and people's own words for them: "who draws boxes around cars in
        images?" is labeling data), else the subtask both retrievers put first ("who keeps track of where our
        data came from?" is tracing data): entities by meaning, not only by name."""
        q: Question = state["route"]
        # a task named in a story asked about ("... which dataset trained which model. is that someone's job?") may
        # be a word of the story, not the activity it tells of
        e = q.entities
        by_name = any(self.tax.task(t).name.lower() in q.text.lower() for t in e.tasks)  # not "trained": modeling
        only_tasks = not (e.roles or e.subtasks or e.skills or e.tools or e.orgs or e.titles or by_name)
        only_tasks = only_tasks and leans_on_story(q.text)
        if (e.count() and not only_tasks) or q.kind not in BY_MEANING:
            return None
        index = activity_index(self.tax)
        pieces = [[(p, p, p)] for p in re.split(r"[.?!;]+\s*", q.text) if p.strip()]
        # a match must share a word that is rare in the reports: "task", "AI" and "life cycle" are in every other
        # sentence, and a question about the reports' frame ("can one person do every task?") is no activity
        found = [
            m
            for group, ms in zip(pieces, index.match(pieces, self.embedder), strict=True)
            for m in ms[:1]
            if self.composer.rare_share(group[0][0], index.texts(m.subtask.id)) >= MEANING_SHARE
        ]
        if found:
            best = max(found, key=lambda m: m.score)
            subtask = f"{best.task.id}/{best.subtask.id}"
            return self.router.route(q.text, meaning=Entities(tasks=[best.task.id], subtasks=[subtask]))
        top = state["passages"][:1]
        if not top or top[0].kind != "table_row" or only_tasks:
            return None
        k = self.settings.rrf_k
        if (top[0].score or 0.0) < 1 / (k + 1) + 1 / (k + 15):  # first in one retriever, in the other's top 15
            return None
        subtask = f"{top[0].task}/{top[0].subtask}"
        return self.router.route(q.text, meaning=Entities(tasks=[top[0].task], subtasks=[subtask]))

    def _condense(self, state: dict) -> str:
        """The question as it stands alone: an LLM rewrites a follow-up when there is one; otherwise the
        entities of the conversation are named after it for retrieval ("(about: data analyst)")."""
        question, session = state["question"], state["session"]
        if not session.history or find_entities(question, self.tax).count():
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
        return about(question, session, self.tax)

    def _route(self, state: dict) -> Question:
        question, session = state["question"], state["session"]
        choice = picked(question, session)
        if choice is not None:
            return choice
        if session.assessment is not None and assess.is_reply(question):
            return Question(text=question, kind="assess", reason="answers the assessment")
        session.assessment = None  # anything else leaves an assessment under way
        stated = stated_skills(question, self.tax, self.embedder, about_me=self.router.about_them(question))
        if stated:
            session.learn_skills(stated)
        q = self.router.route(question, states_skills=bool(stated))
        return resolve(q, session, bool(stated), self.tax, self.embedder)

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
            src, dst = plans.from_to(q.text, q.roles, self.tax) if len(q.roles) > 1 else (None, q.roles[0])
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
    def _context(self, state: dict) -> replies.Context:
        session: Session = state["session"]
        return replies.Context(
            question=state["route"],
            standalone=state["standalone"],
            tax=self.tax,
            library=self.library,
            passages=state["passages"],
            composer=self.composer,
            profile=session.profile,
            evidence_lines=evidence_lines(session.evidence, self.tax),
            only_titles=bool(session.evidence) and all(e.source in WEAK_SOURCES for e in session.evidence),
            previous=session.history[-1][0] if session.history else "",
            coverage=self.retriever.top_similarity,
        )

    def _grounded_draft(self, state: dict) -> Draft:
        if state["route"].injection:
            return Draft(text=messages()["injection"])
        if state["route"].kind == "assess":
            return self._assess(state["route"], state["session"])
        draft = answerers.answer(self._context(state))
        quiet = state["route"].kind in ("clarify", "not_covered")
        if state["route"].topic and not quiet:  # the story named a topic the reports leave out: say it is left aside
            aside = messages()["topic_aside"].format(topic=state["route"].topic)
            draft = draft.model_copy(update={"text": f"{draft.text}\n\n{aside}", "facts": [*draft.facts, aside]})
        note = None if quiet else how_sure(draft.text, self.tax, "\n".join(draft.facts))
        if note:  # the levels and scores quoted are the taxonomy's reading: say so, briefly
            draft = draft.model_copy(update={"text": f"{draft.text}\n\n{note}", "facts": [*draft.facts, note]})
        history = state["session"].history
        if history and draft.text.strip() == history[-1][1].strip():  # asked again: say so, not a copy as if new
            return draft.model_copy(update={"text": f"{messages()['same_again']} {draft.text}"})
        return draft

    def _assess(self, q: Question, session: Session) -> Draft:
        """A turn of the guided self-assessment: its start, or an answer and what follows it."""
        if session.assessment is None:
            session.assessment, draft = assess.begin(q, self.tax)
            return draft
        session.assessment, draft = assess.reply(session.assessment, q.text, self.tax)
        session.learn_skills(session.assessment.evidence)
        if session.assessment.done:
            session.assessment = None
        return draft

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
            and q.kind
            not in ("smalltalk", "injection", "not_covered", "fit", "plan", "transition", "clarify", "assess")
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
        log_answer(log, self.settings, session.id, question, answer)
        yield answer

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
