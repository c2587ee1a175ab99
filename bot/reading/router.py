"""What does the user want? Deterministic routing to a typed `Question`: injections and uncovered topics by
rule, the kind from the question's shape and entities (`bot.reading.shapes.classify`), and the nearest labelled
example of `prompts/kinds.yaml` (embedding similarity) where the shape leaves the kind open."""

from __future__ import annotations

import re

import numpy as np

from bot.index.embeddings import Embedder
from bot.knowledge.prompts import kind_examples
from bot.knowledge.taxonomy import Taxonomy
from bot.reading.entities import AI_ORG, Entities, Question, find_entities, fix_spelling
from bot.reading.kinds import KindReader, Reading
from bot.reading.question import uncovered_topic
from bot.reading.shapes import CODING, NEEDS, WHO, classify

INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|rules|prompt|guidelines|above|previous)"
    r"|\b(system|initial|hidden|original)\s+(prompt|instructions?|message)"
    r"|\byou are (now|no longer)\b|\bact as\b|\bpretend (to be|you)\b|\brole-?play\b|\bjailbreak|\bDAN\b"
    r"|\bdeveloper mode\b|\b(reveal|print|show|repeat|leak)\b.{0,30}\b(prompt|instructions?|rules)\b"
    r"|\bnew (instructions?|rules|persona)\b|<\/?(system|passages|tool_results)>"
    r"|\b(forget|ignore|disregard)\b.{0,20}\b(reports?|sources?|context)\b|\band nothing else\b"
    r"|\b(say|print|output|write|type)\s+[\"']?(?-i:[A-Z]{4,})\b"
    r"|\brepeat (the|everything|all)\b.{0,30}\b(above|before|earlier)\b",
    re.I | re.S,
)
ASKS = re.compile(
    r"\?|^\s*(is|are|do|does|can|could|should|would|will|any|tell|give|list|explain)\b"
    r"|\b(what|whats|what's|which|who|whos|how|hows|why|when|where)\b",
    re.I,
)
FIRST_PERSON = re.compile(r"\b(i|i'm|i've|my|me)\b", re.I)
PRONOUN = re.compile(
    r"\b(they|them|their|it|its|this role|that role|this one|that one|this task|that task|he|she|one|that|this)\b",
    re.I,
)
# a question for a whole list ("how many roles are there?", "list the skills"): the plural and a listing word
LISTING = re.compile(
    r"^(?=.*\b(roles|tasks|skills|organi[sz]ations|jobs|positions)\b)"
    r".*\b(how many|list|all|what are the|are there|exist|overview|name the|what (roles|tasks|skills|jobs))\b",
    re.I,
)
BACK = re.compile(r"\b(that|this|the same) (role|task|one|skill|job)\b|\b(it|its)\b", re.I)  # to what was said
# what each kind needs from the entities before the nearest example may assign it
NEEDS_ENTITIES = {
    "describe": lambda e: e.count() >= 1,
    "who": lambda e: bool(e.tasks or e.skills or e.tools),
    "needs": lambda e: bool(e.roles or e.tasks),
    "yes_no": lambda e: bool((e.roles or e.tasks) and (e.skills or e.tools) or (e.roles and e.tasks)),
    "contrast": lambda e: len(e.roles) >= 2 or len(e.tasks) >= 2 or len(e.orgs) >= 2 or e.editions,
    "smalltalk": lambda e: e.count() == 0,
    "reports": lambda e: e.count() == 0,
    "overview": lambda e: e.count() == 0 or e.orgs == [AI_ORG],
}


ABOUT_THINGS = {"describe", "who", "needs", "yes_no", "contrast", "why", "sequence"}  # readings offered back
ASK_BELOW = 0.3  # Rasa's fallback threshold: below it the reader's kind is a guess ...
AMBIGUITY = 0.1  # ... and so is the top one of two closer than this (its ambiguity threshold)
ABOUT_THEM = {"fit", "plan", "preference", "transition"}  # kinds about the person asking
MARKED = {"why", "contrast", "transition"}  # kinds whose shape rules rest on explicit words: no reader overrides them
ASSESS = 0.9  # starting an assessment takes a clear request: it takes over the next turns


def answerable(kind: str, ents, text: str = "") -> bool:
    """Whether what a question names is enough for the answerer of that kind (a needs-answer lists skills, tools
    or tasks: "how do researchers keep up with research?" asks none of them)."""
    if kind == "needs" and text and not NEEDS.search(text):
        return False
    if kind == "yes_no" and text and CODING.search(text) and (ents.roles or ents.tasks):
        return True  # "is business analysis all coding?": coding is three skills, read by the answerer
    if kind == "who" and text and not ents.count():
        # naming nothing, "who keeps the servers up?" is answered by the task whose sentence is closest
        # (answering/who.py), when it asks who: "is there a shortage of people?" does not
        return bool(WHO.search(text))
    return NEEDS_ENTITIES.get(kind, lambda e: True)(ents)


VOTERS = 3  # the nearest labelled examples that vote on a kind
AGREEMENT = 0.08  # what their agreeing is worth, in similarity


class Router:
    """Routes a (standalone) question to a typed `Question`."""

    def __init__(
        self,
        tax: Taxonomy,
        embedder: Embedder | None = None,
        min_similarity: float = 0.65,
        kinds: KindReader | None = None,
        kind_confidence: float = 0.5,
        decline_confidence: float = 0.7,
        override_confidence: float = 0.8,
    ):
        self.tax = tax
        self.embedder = embedder
        self.kinds = kinds
        self.kind_confidence = kind_confidence
        self.decline_confidence = decline_confidence
        self.override_confidence = override_confidence
        self.min_similarity = min_similarity
        examples = kind_examples()
        self._labels = [kind for kind, utterances in examples.items() for _ in utterances]
        self._utterances = [u for utterances in examples.values() for u in utterances]
        self._vectors = None

    def warm_up(self) -> None:
        """Embed the labelled examples now, not on the first question that needs them."""
        self.nearest("warm up")

    def nearest(self, question: str) -> tuple[str, float] | None:
        """The kind of the closest labelled example, and its similarity."""
        if self.embedder is None:
            return None
        if self._vectors is None:
            self._vectors = np.asarray(self.embedder.embed_documents(self._utterances), dtype=np.float32)
        sims = self._vectors @ np.asarray(self.embedder.embed_query(question), dtype=np.float32)
        top = np.argsort(-sims)[:VOTERS]
        best = int(top[0])
        # a little further than `min_similarity` will do when the nearest few examples all agree on the kind
        agreed = all(self._labels[int(i)] == self._labels[best] for i in top)
        return self._labels[best], float(sims[best]) + (AGREEMENT if agreed else 0.0)

    def about_them(self, question: str) -> bool:
        """Whether the learned reader is sure the message asks about the person asking (which role fits them, what
        they should learn), however it is worded: "got a chemistry PhD, zero coding. realistic role?" has no "I"."""
        if self.kinds is None:
            return False
        reading = self.kinds.read(question)
        return reading.kind in ABOUT_THEM and reading.confidence >= self.override_confidence

    def route(self, question: str, states_skills: bool = False, meaning: Entities | None = None) -> Question:
        """The typed question; `states_skills` says the message describes the user's own skills; `meaning`, what a
        question that names too little is about by meaning (the subtask its activity or the passages point to)."""
        ents = find_entities(question, self.tax)
        if meaning is not None and not (ents.roles or ents.subtasks or ents.skills or ents.tools or ents.orgs):
            ents = meaning  # what the question is about, read by meaning where its names say too little
        if INJECTION.search(question):
            return Question(text=question, kind="injection", reason="injection attempt", entities=ents, injection=True)
        reading = self.kinds.read(question) if self.kinds is not None else None
        asked = _asked_entities(question, self.tax)
        asked = ents if asked is None else asked
        asked = meaning if meaning is not None and not asked.count() else asked
        kind, reason, options = self._kind(question, asked, reading, states_skills)
        if kind not in ABOUT_THEM:
            ents = asked  # what the story names ("every posting says PyTorch") is not what is asked about
        if options:
            return Question(text=question, kind="clarify", reason=reason, entities=ents, options=options)
        # a statement about oneself ("I'm a physics PhD, lots of math") names a topic to read, not to answer
        about_self = states_skills and (
            kind in ("fit", "preference", "transition", "plan") or not ASKS.search(question)
        )
        greeting = kind == "smalltalk" and reason == "greeting or thanks"  # the shape's, not a reader's guess
        if greeting:
            topic, aside = None, None
        elif about_self:
            topic, aside = self._own_topic(question, reading)
        else:
            topic, aside = self._topic(question, kind, reading, states_skills)
        if topic:
            return Question(text=question, kind="not_covered", reason=f"topic: {topic}", entities=ents, topic=topic)
        if (
            states_skills
            and kind in ("fact", "describe", "needs", "who")
            and not ents.roles
            and not ASKS.search(question)
        ):
            kind, reason = "fit", "states own skills"
        scope = reading.out_of_scope if reading is not None else 0.0
        asked_roles = find_entities(asked_part(question), self.tax).roles if kind in ABOUT_THEM else ents.roles
        return Question(
            text=question,
            kind=kind,
            reason=reason,
            entities=ents,
            out_of_scope=scope,
            asked_roles=asked_roles,
            topic=aside,
        )

    def _topic(
        self, question: str, kind: str, reading: Reading | None, states_skills: bool
    ) -> tuple[str | None, str | None]:
        """(the topic the reports leave out that the question asks about, one only its story names)."""
        # a comparison asks what its asking sentence compares: "a recruiter used the two titles as one. how do
        # they differ?" is not about recruiting
        topic = uncovered_topic(asked_part(question) if kind == "contrast" else question, self.tax)
        if topic and states_skills and reading is not None and reading.kind in ABOUT_THEM:
            # "my linkedin says analyst, but I train models: what am I?": the topic's word is in what they say
            # of themselves, and what they ask is where that leads
            topic = uncovered_topic(asked_part(question), self.tax)
        # the topic's words only in the story: the question is answered and the topic left aside when it asks about
        # something the reports name ("do data scientists need SQL? my bootcamp skipped it"), or the reader takes
        # the message for a covered question ("... the team was happy, now they want it on phones. what part of AI
        # work is that?")
        told = _told_and_asked(question)
        in_story = bool(topic and told and not any(uncovered_topic(x, self.tax) for x in told[1]))
        if in_story and (any(find_entities(x, self.tax).count() for x in told[1]) or self._reads_covered(reading)):
            return None, topic
        return topic, None

    def _reads_covered(self, reading: Reading | None) -> bool:
        return reading is not None and reading.kind != "not_covered" and reading.confidence >= self.kind_confidence

    def _own_topic(self, question: str, reading: Reading | None) -> tuple[str | None, str | None]:
        """(topic, aside) of a message about the asker: a topic left out that they ask about is declined when the
        reader takes the message, or what it asks, for one ("... my kids think it's a midlife crisis. am I too old
        to break into data science?"), else left aside ("which role fits me, and which courses?"); one in what
        they say of themselves is not asked."""
        asked = asked_part(question)
        topic = uncovered_topic(asked, self.tax) if ASKS.search(question) else None
        if not topic:
            return None, None
        readings = [reading, self.kinds.read(asked) if asked != question and self.kinds is not None else None]
        if any(r is not None and r.kind == "not_covered" for r in readings):
            return topic, None
        return None, topic

    def _kind(
        self, question: str, ents, reading: Reading | None, states_skills: bool = False
    ) -> tuple[str, str, list[str]]:
        """The kind, its reason and, when the reader cannot tell two readings apart, the kinds to offer: the
        learned reader's kind (`reading`) where it is confident, else the kind the question's shape gives."""
        kind, reason = classify(fix_spelling(question, self.tax), ents)
        asked = asked_part(question)
        if asked != question and not LEANS_BACK.search(asked):
            # the form of what is asked about the reports, not of the story around it ("how do they differ? wondering
            # if I should switch"); a question about the asker reads the story too (likes, one's own role)
            form = classify(fix_spelling(asked, self.tax), ents)
            agreed = form[0] in MARKED or (reading is not None and reading.kind == form[0])
            kind, reason = form if form[0] in ABOUT_THINGS and agreed else (kind, reason)
        if kind == "fact":  # a labelled example close enough decides what the shape leaves open
            kind, reason = self._nearest_kind(question, ents) or (kind, reason)
        if reading is None:
            return kind, reason, []
        learned = reading.kind
        if learned == "not_covered" and reading.confidence < self.decline_confidence:
            return kind, reason, []  # declining takes more certainty than answering: refusing a covered one costs most
        if kind == "fact" and reading.unsure(ASK_BELOW, AMBIGUITY):
            options = self._options(reading, ents)
            if len(options) >= 2:  # nothing decided and two readings close: ask, as Rasa's fallback does
                return (
                    "clarify",
                    f"two readings ({reading.confidence:.2f}, {reading.runner_up_confidence:.2f})",
                    options,
                )
        if reading.confidence < self.kind_confidence or learned == kind:
            return kind, reason, []
        if learned == "assess" and reading.confidence < ASSESS:
            return kind, reason, []
        if learned == "not_covered":
            return learned, f"learned reader ({reading.confidence:.2f})", []  # a topic left out, whatever the form
        if not answerable(learned, ents, question):
            return kind, reason, []  # "who does it?" with nothing named: its answerer would have nothing to answer from
        if states_skills and learned in ABOUT_THEM and kind not in ABOUT_THEM:
            # someone who says what they do and asks where that leads: "obsessed with why customers churn, what
            # role should I aim for?" is not a why-question, whatever words the story holds
            return learned, f"learned reader on a self-description ({reading.confidence:.2f})", []
        if kind in MARKED:
            return kind, reason, []  # "why", "vs", "from X to Y": the words themselves say what is asked
        if states_skills and kind == "fit" and learned in ABOUT_THINGS:
            # "Go developer, I also keep the ML services up. so what am I?": the shape asks where they fit, and the
            # message says who they are; the tools and skills in it are what to read, not what is asked about
            return kind, f"{reason}, on a self-description", []
        if kind != "fact" and reading.confidence < self.override_confidence:
            return kind, reason, []  # the question's shape decided, and the reader is not sure enough to say otherwise
        return learned, f"learned reader ({reading.confidence:.2f})", []

    @staticmethod
    def _options(reading: Reading, ents) -> list[str]:
        """The two readings to offer, when each can be answered from what the question names."""
        kinds = [reading.kind, reading.runner_up]
        if not set(kinds) <= ABOUT_THINGS or not ents.count():
            return []
        return [k for k in dict.fromkeys(kinds) if answerable(k, ents)]

    def _nearest_kind(self, question: str, ents) -> tuple[str, str] | None:
        """The kind of the nearest labelled example, when close enough and the entities fit that kind."""
        nearest = self.nearest(question)
        if nearest and nearest[0] == "overview" and not (LISTING.search(question) and not BACK.search(question)):
            return None  # "what are other titles for that role?" is about the role under discussion, not a list
        if nearest and nearest[1] >= self.min_similarity and NEEDS_ENTITIES.get(nearest[0], lambda e: False)(ents):
            return nearest[0], f"nearest example ({nearest[1]:.2f})"
        return None


LEANS_BACK = re.compile(r"\b(that|this|it|those|these)\b", re.I)  # "is that normal?" leans on the story


# a sentence without a question mark asks when it opens as a question or a request ("so what skills do I need"),
# or wonders ("wondering which role fits"); "that's how my course put it", "a lab where I'd own infra" ask nothing
ASKING = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay|also|then|anyway|well|hey|hi)\W+)*"
    r"(?:is|are|do|does|can|could|should|would|will|any|tell|give|list|explain|what|whats|what's|which|who|whos|how"
    r"|hows|why|when|where)\b|\b(?:wonder\w*|curious|not sure)\s+(?:if|whether|what|which|who|how|why)\b",
    re.I,
)


def _told_and_asked(text: str) -> tuple[list[str], list[str]] | None:
    """(the story's sentences, the asking ones) of a message that has both, else None."""
    sentences = [x for x in re.split(r"(?<=[.!?])\s+|\n+", text) if x.strip()]
    asking = [x for x in sentences if "?" in x or ASKING.search(x)]
    return ([x for x in sentences if x not in asking], asking) if 0 < len(asking) < len(sentences) else None


ASKS_WHO_DOES = re.compile(r"\bwho\b(?!(?:'s|\s+is)\s+(?:right|correct|wrong)\b)", re.I)  # not "who's right?"


def _asked_entities(text: str, tax) -> Entities | None:
    """What the sentences that ask name, when the message also tells a story that names other things: "does an MLE
    need deep learning? every posting says PyTorch" asks about deep learning; "the data scientists say the full disk
    is not their problem. who adds storage?" names nothing, and is read by meaning. None when the question leans on
    the story ("is that normal?", "how do the two differ?")."""
    parts = _told_and_asked(text)
    if parts is None or any(LEANS_BACK.search(x) for x in parts[1]):
        return None  # "I have to deploy my own models. is that normal?": the question is about the story
    asking = " ".join(parts[1])
    ents = find_entities(asking, tax)
    # "... who adds storage?" asks about an activity, read by meaning, not about the story's names; "what separates
    # the two?" is about what the story names
    return ents if ents.count() or ASKS_WHO_DOES.search(asking) else None


def leans_on_story(text: str) -> bool:
    """Whether a message tells a story and asks about it ("nobody knows where our data came from. is that
    someone's job?")."""
    parts = _told_and_asked(text)
    return parts is not None and any(LEANS_BACK.search(x) for x in parts[1])


def asked_part(text: str) -> str:
    """The sentences of a message that ask something (all of it when none does, or all do): "I did X. which role?"
    -> the question alone."""
    parts = _told_and_asked(text)
    return " ".join(parts[1]) if parts else text
