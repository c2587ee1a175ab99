"""What people do -> the reports' subtasks -> skills.

The reports hold the map from activities to skills: 40 subtasks (name, examples, the skills each
needs). A piece of a self-description ("maintain the service that retrains the models") is matched to
the subtasks by the meaning of their names and examples (the embedding model, when one is passed in) and
by the words it shares with them (weighted by how rare each word is across subtasks). The shared words
must include words of the activity itself, not only skill or tool names ("write SQL every day" is no work
on database systems), and subtasks the words cannot tell apart are told apart by their names
(`_told_apart`). A match says which skills the activity needs; `supported_skills` keeps those the wording
itself points at, so "I scrape the web" is read as collecting data without claiming machine learning from
it, and the task's own skill, the one every subtask of the task needs (software engineering for deployment
and AI infrastructure, as their summaries say): any deployment activity shows it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from bot.index.embeddings import Embedder
from bot.knowledge.phrasings import phrasings
from bot.knowledge.taxonomy import Subtask, Task, Taxonomy
from bot.reading.words import GENERIC, STOPWORDS, Stems, same, stems, variants

# Tuned on evals/datasets/clauses.yaml (python -m evals.clauses [--embedder]); a plateau: EMBED_THRESHOLD
# 0.45-0.55 and LEX_MIN 3-4 keep the clause precision within 0.92-0.94, words alone or with the model.
# Scores are cosine similarity plus LEX_WEIGHT times the word overlap, or the overlap alone scaled so
# LEX_THRESHOLD lands on EMBED_THRESHOLD.
EMBED_THRESHOLD = 0.5
LEX_WEIGHT = 0.25
LEX_THRESHOLD = 0.4  # without an embedding model, the word overlap alone must reach this
LEX_MIN = 3.0  # idf mass: one word found in a single subtask weighs about 3.7
SEMANTIC_THRESHOLD = 0.6  # a match by meaning alone, with no word of the activity in common
WEAK = 0.8  # a weak match (half the overlap, 0.8 of the score) counts next to the same subtask only
MARGIN = 0.06  # a piece may do two things ("A/B testing framework"): keep subtasks this close to its best
CLEAR = EMBED_THRESHOLD + 2 * MARGIN  # a match this strong is clearly its subtask


@dataclass
class _Sub:
    task: Task
    subtask: Subtask
    stems: set[str]
    name: set[str]  # the stems of its name (and other editions' names)


@dataclass
class Match:
    """One piece of text read as one subtask."""

    task: Task
    subtask: Subtask
    phrase: str
    score: float
    words: list[str] = field(default_factory=list)  # the stems it shares with the subtask
    piece: int = 0  # which of the clause's pieces it was read from


class ActivityIndex:
    """The subtasks as documents, with their embeddings (computed once per embedding model)."""

    def __init__(self, tax: Taxonomy):
        self.tax = tax
        self.subs: list[_Sub] = []
        self.docs: list[str] = []
        self.doc_sub: list[int] = []
        said = phrasings(tax)  # people's own words for the subtasks, beside the reports'
        for task in tax.tasks:
            for sub in task.subtasks:
                texts = [_bare_name(sub.name), *sub.aliases, *sub.examples, *said.get(f"{task.id}/{sub.id}", ())]
                names = {s for t in [_bare_name(sub.name), *sub.aliases] for s in stems(t)}
                self.subs.append(_Sub(task, sub, {s for t in texts for s in stems(t)}, names))
                for text in texts:
                    self.docs.append(text)
                    self.doc_sub.append(len(self.subs) - 1)
        vocab = {s for sub in self.subs for s in sub.stems}
        n = len(self.subs)
        self.idf = {w: math.log(1 + n / sum(w in sub.stems for sub in self.subs)) for w in vocab}
        self.skill_words = _skill_words(tax)
        # the stems of the skills' words: those `same` as a clause's words found by lookup (`supported_skills`)
        self._skill_stems = Stems((v, s) for s, sets in self.skill_words.items() for p in sets for v in p)
        self.task_skills = {task.id: _task_skills(task) for task in tax.tasks}
        self.described = _described(tax)
        # the words the reports' activities start with ("Training ...", "Deploy ..."): their verbs
        heads = (x.split()[0] for t in tax.tasks for s in t.subtasks for x in (s.name, *s.examples) if x.split())
        self.verbs = frozenset(w for head in heads for w in stems(head))
        self._sub_docs = [np.flatnonzero(np.asarray(self.doc_sub) == j) for j in range(len(self.subs))]
        self._vectors: dict[int, np.ndarray] = {}
        self._word_subs: dict[str, frozenset[int]] = {}
        self._idf_cache: dict[str, float] = {}
        # the subtasks' stems, each with its subtasks: a word is looked up, not compared with every stem of every one
        self._stems = Stems((stem, j) for j, sub in enumerate(self.subs) for stem in sub.stems)

    def texts(self, subtask_id: str) -> str:
        """A subtask's name, aliases, examples and people's own words for it, as one text."""
        j = next(j for j, sub in enumerate(self.subs) if sub.subtask.id == subtask_id)
        return " ".join(self.docs[d] for d in self._sub_docs[j])

    def vectors(self, embedder: Embedder) -> np.ndarray:
        key = id(embedder)
        if key not in self._vectors:
            self._vectors[key] = np.asarray(embedder.embed_documents(self.docs), dtype=np.float32)
        return self._vectors[key]

    def lexical(self, piece: str, activity: str, bare: str | None = None) -> list[tuple[float, list[str], float]]:
        """Per subtask: (the idf mass of the piece's words it shares over the piece's own idf mass, the
        shared words, the mass of those in `activity`, the piece without its skill names, a tool name's at half
        its weight). That mass is 0 when none of the shared words is in `bare` (the piece without its tool names
        either): a tool helps say which activity, but alone it names none ("write SQL every day" is no database
        system work), and its weight does not make one ("query the warehouse with SQL" is querying data, not
        building storage)."""
        words = list(dict.fromkeys(stems(piece)))
        own = set(stems(activity))
        plain = own if bare is None else set(stems(bare))
        weights = {w: self._idf(w) for w in words}
        total = sum(weights.values()) + 1.0  # +1: a one-word piece is not a full match on its own
        shared_by: dict[int, list[str]] = {}  # subtask -> the piece's words it shares, in the piece's order
        for w in words:
            for j in self._subs_of(w):
                shared_by.setdefault(j, []).append(w)
        out = []
        for j in range(len(self.subs)):
            shared = shared_by.get(j)
            if shared is None:  # most subtasks share no word with a piece
                out.append((0.0, [], 0.0))
                continue
            # the same sums, in the same order, as over all the piece's words
            mass = sum(weights[w] for w in shared)
            # a tool helps say which activity (at half its weight), but alone it names none
            act = sum(weights[w] * (1.0 if w in plain else 0.5) for w in shared if w in own)
            act = act if plain.intersection(shared) else 0.0
            out.append((mass / total, shared, act))
        return out

    def _names(self, j: int, words: list[str]) -> bool:
        """Whether one of the words (or a synonym) is a word of subtask j's name or aliases."""
        return any(same(f, s) for w in words for f in variants(w) for s in self.subs[j].name)

    def _subs_of(self, word: str) -> frozenset[int]:
        """The subtasks whose words include this word or a synonym (cached: the vocabulary is small)."""
        if word not in self._word_subs:
            self._word_subs[word] = frozenset(j for s in self._same_stems(word) for j in self._stems.groups[s])
        return self._word_subs[word]

    def _same_stems(self, word: str) -> set[str]:
        """The subtasks' stems that are the same word (`same`) as this word or one of its synonyms."""
        return {stem for form in variants(word) for stem in self._stems.same_as(form)}

    def _idf(self, word: str) -> float:
        if word in self.idf:
            return self.idf[word]
        if word in self._idf_cache:
            return self._idf_cache[word]
        # a synonym weighs as the word of the subtasks it stands for
        close = [self.idf[w] for w in self._same_stems(word)]
        self._idf_cache[word] = max(close) if close else math.log(1 + len(self.subs))  # unknown: as the rarest
        return self._idf_cache[word]

    def match(
        self,
        pieces: list[list[tuple[str, str, str]]],
        embedder: Embedder | None,
    ) -> list[list[Match]]:
        """For each clause, a list of pieces (the whole clause first, then its parts around "and"), each as
        (text, text without its skill names, text without its tool names either): the subtasks the clause
        describes.

        A match needs the meaning (embedding similarity plus a share of the word overlap) or the word
        overlap alone over its threshold, and words of the activity itself (not only skill names) in
        common: one rare word, or two common ones (LEX_MIN), unless the meaning alone is very close. By the words
        alone, one word in common makes a strong match only when it is a word of the activity's name (or a
        synonym): "plotting" is building visualizations, but "vector" in "a vector store" is no support vector
        machine. A weak match (half that overlap) counts only next to a clause read as the same subtask: in
        "design studies, test hypotheses" the studies are the experiments the hypotheses are tested with."""
        flat = [p for group in pieces for p, _, _ in group]
        if not flat:
            return [[] for _ in pieces]
        lexes = [self.lexical(*p) for group in pieces for p in group]
        sims = self._similarities(pieces, flat, lexes, embedder) if embedder is not None else None
        strong: list[dict[str, Match]] = []
        weak: list[dict[str, Match]] = []
        i = 0
        for group in pieces:
            best: dict[str, Match] = {}
            maybe: dict[str, Match] = {}
            for k, (piece, _, _) in enumerate(group):
                self._match_piece(piece, k, lexes[i], None if sims is None else sims[i], best, maybe)
                i += 1
            strong.append(best)
            weak.append(maybe)
        out = []
        for n, best in enumerate(strong):
            near = {sid for x in (n - 1, n + 1) if 0 <= x < len(strong) for sid in strong[x]}
            extra = [m for sid, m in weak[n].items() if sid in near and sid not in best]
            out.append(sorted([*best.values(), *extra], key=lambda m: -m.score))
        return out

    def _similarities(
        self,
        pieces: list[list[tuple[str, str, str]]],
        flat: list[str],
        lexes: list[list[tuple[float, list[str], float]]],
        embedder: Embedder,
    ) -> np.ndarray:
        """Each piece's similarity to each subtask (its closest document), -1 for a piece not embedded. The cost is
        in the tokens: a clause with parts is embedded through its parts only, and a piece the words alone already
        read clearly is not embedded at all."""
        clear = [
            max((o * EMBED_THRESHOLD / LEX_THRESHOLD for o, _, own in lex if own >= LEX_MIN), default=0.0) >= CLEAR
            for lex in lexes
        ]
        embed = [k > 0 or len(group) == 1 for group in pieces for k in range(len(group))]
        embed = [e and not c for e, c in zip(embed, clear, strict=True)]
        texts = [p for p, e in zip(flat, embed, strict=True) if e]
        sims = np.full((len(flat), len(self.subs)), -1.0, dtype=np.float32)
        if texts:
            q = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
            doc_sims = q @ self.vectors(embedder).T
            sims[np.asarray(embed)] = np.stack([doc_sims[:, d].max(axis=1) for d in self._sub_docs], axis=1)
        return sims

    def _match_piece(
        self,
        piece: str,
        k: int,
        lex: list[tuple[float, list[str], float]],
        sims: np.ndarray | None,
        best: dict[str, Match],
        maybe: dict[str, Match],
    ) -> None:
        """The subtasks piece `k` of a clause matches, into `best` (strong matches) and `maybe` (weak ones), given
        its word overlap with each subtask (`lex`) and, with a model, its similarity to each (`sims`)."""
        scores = []
        for j, (overlap, _, own) in enumerate(lex):
            score = overlap * EMBED_THRESHOLD / LEX_THRESHOLD  # on the embedding's scale
            if sims is not None:
                score = max(score, float(sims[j]) + LEX_WEIGHT * overlap)
                if own < LEX_MIN and sims[j] >= SEMANTIC_THRESHOLD:
                    own = LEX_MIN  # close enough in meaning without a word in common
            scores.append((score, own))
        top = max((sc for sc, own in scores if own >= LEX_MIN), default=0.0)
        strong_j, weak_j = [], []
        for j, (score, own) in enumerate(scores):
            if own >= LEX_MIN and score >= EMBED_THRESHOLD and score >= top - MARGIN:
                if sims is None and len(lex[j][1]) == 1 and not self._names(j, lex[j][1]):
                    weak_j.append(j)
                    continue
                strong_j.append(j)
            elif own >= LEX_MIN / 2 and score >= WEAK * EMBED_THRESHOLD:
                weak_j.append(j)
        for found, js in ((best, self._told_apart(strong_j, lex)), (maybe, weak_j)):
            for j in js:
                sub = self.subs[j]
                _keep_best(found, Match(sub.task, sub.subtask, quoted(piece), scores[j][0], lex[j][1], k))

    def _told_apart(self, candidates: list[int], lex: list[tuple[float, list[str], float]]) -> list[int]:
        """Of a piece's strong candidates, those its words tell apart. Subtasks that share the very same words
        with the piece are told apart by their names: only those whose name uses the most of the words are
        kept. "I train models" is training machine learning or deep learning models, not building data
        pipelines (an example of which trains); "reports on sales data" is building dashboards for business
        intelligence, not the virtuous cycle of machine learning projects (an example of which translates a
        business problem). Weak candidates are told apart by the clause next to them instead."""
        groups: dict[frozenset[str], list[int]] = {}
        for j in candidates:
            groups.setdefault(frozenset(lex[j][1]), []).append(j)
        keep = []
        for words, members in groups.items():
            hits = {j: sum(self._names(j, [w]) for w in words) for j in members}
            keep += [j for j in members if hits[j] == max(hits.values())]
        return keep

    def supported_skills(self, match: Match, clause: str, named: set[str]) -> list[str]:
        """The match's skills that the wording shows: all of them when the subtask needs one skill, else
        the task's own skill (`_task_skills`: doing any deployment activity is software engineering), those
        named (in `named`: anywhere in the text) and those shown by the clause's words (`_skill_words`)."""
        skills = match.subtask.skills
        if len(skills) == 1:
            return list(skills)
        # the skills' stems that are the same word (`same`) as one of the clause's words
        shown = {v for w in stems(clause) for v in self._skill_stems.same_as(w)}
        own = self.task_skills[match.task.id]
        if match.score >= CLEAR:  # doing the subtask shows the skills it describes, when it is clearly that subtask
            own = own | self.described[match.subtask.id]
        return [
            s for s in skills if s in own or s in named or any(all(v in shown for v in p) for p in self.skill_words[s])
        ]


_INDEXES: dict[int, ActivityIndex] = {}


def activity_spans(text: str, tax: Taxonomy) -> list[tuple[int, int, int, int]]:
    """The pieces of a clause to read as activities, as (start, end, gap start, gap end): the clause, its parts
    around "and", its relative clauses, and what is done to people without them. Two verbs sharing an object
    ("train and deploy models") each get it: the first verb's piece runs on to the object, with the second verb
    left out (the gap)."""
    cuts = [0, *(x for m in re.finditer(r"\band\b", text, re.I) for x in (m.start(), m.end())), len(text)]
    parts = [(cuts[k], cuts[k + 1]) for k in range(0, len(cuts), 2)]
    spans = [(s, e, e, e) for s, e in parts]
    verbs = activity_index(tax).verbs
    for (s1, e1), (s2, e2) in pairwise(parts):
        left, right = list(re.finditer(r"[\w'/-]+", text[s1:e1])), list(re.finditer(r"[\w'/-]+", text[s2:e2]))
        if left and len(right) >= 2 and all(set(stems(w[0])) & verbs for w in (left[-1], right[0])):
            spans.append((s1, e2, e1, s2 + right[1].start()))
    # "the service that retrains the models": what the relative clause says is an activity too
    spans += [
        (m.end(), e, e, e) for s, e in parts for m in re.finditer(r"\b(?:that|which|who)\b", text[:e]) if m.start() >= s
    ]
    # "I brief the sales heads, who hate jargon": what is done to the people, without them
    spans += [
        (s, m.start(), m.start(), m.start())
        for s, e in parts
        for m in re.finditer(r"\bwho\b", text[:e])
        if m.start() > s
    ]
    whole = (0, len(text), len(text), len(text))
    return list(dict.fromkeys([whole, *spans]))


def activity_index(tax: Taxonomy) -> ActivityIndex:
    """The index of a taxonomy, built once per process (a taxonomy is immutable)."""
    if id(tax) not in _INDEXES:
        _INDEXES[id(tax)] = ActivityIndex(tax)
    return _INDEXES[id(tax)]


def _keep_best(found: dict[str, Match], m: Match) -> None:
    old = found.get(m.subtask.id)
    if old is None or m.score > old.score:
        found[m.subtask.id] = m


def _bare_name(name: str) -> str:
    """ "Retraining machine learning models (lifelong learning)" -> without the parenthesis."""
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


def subtask_label(task: Task, subtask: Subtask) -> str:
    return f"{task.name} > {_bare_name(subtask.name)}"


def quoted(piece: str) -> str:
    """The piece as quoted back to the user, without a leading "and I"."""
    return re.sub(r"^(?:(?:and|but|so|also|then)\s+)?(?:i\s+|i'm\s+|i've\s+|we\s+)?", "", piece, flags=re.I).strip()


def _task_skills(task: Task) -> frozenset[str]:
    """The skills every subtask of the task needs: the task's own skill, which any of its activities shows.
    In the reports' tables that is software engineering for deployment and AI infrastructure, as their
    summaries say ("Deployment activities require the ability to write production code, including strong
    back-end engineering skills"; "Working on AI infrastructure requires strong and broad software
    engineering skills"); no other task has one."""
    if len(task.subtasks) < 2:
        return frozenset()
    return frozenset.intersection(*(frozenset(s.skills) for s in task.subtasks))


def _described(tax: Taxonomy) -> dict[str, frozenset[str]]:
    """Per subtask, the skills doing it shows whatever the words: the skills its name names ("Training deep learning
    models": "I fine-tune pretrained models" is deep learning), and those with no appendix definition that the
    taxonomy describes by this subtask, its name or one of its examples word for word ("communicating effectively
    with team members" is communication: "I explain the results to the board" shows it)."""

    def phrase(text: str) -> str:
        return f" {' '.join(stems(text))} "

    described = {k.id: phrase(k.described_as) for k in tax.skills if k.described_as}
    named = {k.id: phrase(k.name) for k in tax.skills}
    out = {}
    for task in tax.tasks:
        # a task with its own skill (deployment: software engineering) names the model's skills only as its object:
        # keeping the retraining of "machine learning models" running is no machine learning of the user's
        by_name = not _task_skills(task)
        for sub in task.subtasks:
            texts = [phrase(t) for t in (_bare_name(sub.name), *sub.examples) if stems(t)]
            name = phrase(sub.name)
            out[sub.id] = frozenset(
                k
                for k in sub.skills
                if (by_name and named[k] in name) or (k in described and any(t in described[k] for t in texts))
            )
    return out


def _skill_words(tax: Taxonomy) -> dict[str, list[frozenset[str]]]:
    """Per skill, the word sets that show it: each alias or tool name as a whole (all its words), and each
    word that this skill's names use more than any other skill's ("hypothesis" shows data science; "models",
    in five machine learning aliases and two data science ones, shows machine learning)."""
    phrases: dict[str, list[frozenset[str]]] = {}
    for skill in tax.skills:
        texts = [skill.name, *skill.aliases]  # not the definitions: "search" there is sorting, not hyperparameters
        texts += [a for tool in tax.tools if skill.id in tool.skills for a in (tool.name, *tool.aliases)]
        phrases[skill.id] = [p for p in {frozenset(stems(t, STOPWORDS | GENERIC)) for t in texts} if p]
    counts: dict[str, dict[str, int]] = {}
    for skill_id, sets in phrases.items():
        for p in sets:
            for word in p:
                counts.setdefault(word, {}).setdefault(skill_id, 0)
                counts[word][skill_id] += 1
    owner = {}  # a word shared by several skills shows the one whose names use it most, if any
    for word, by_skill in counts.items():
        ranked = sorted(by_skill.values(), reverse=True)
        if len(ranked) == 1 or ranked[0] > ranked[1]:
            owner[word] = max(by_skill, key=by_skill.__getitem__)
    return {
        skill_id: sets + [frozenset([w]) for w, o in owner.items() if o == skill_id and len(w) >= 3]
        for skill_id, sets in phrases.items()
    }
