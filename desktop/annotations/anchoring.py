"""Anchoring: make anchors on a document and re-attach them when it changes.

A range anchor is a W3C ``TextQuoteSelector`` (quote + 32 characters of
prefix/suffix) plus a ``TextPositionSelector`` (offsets in the unit's
``text``).  Context is taken from the document's *reading text*: every unit
that has text, in document order, joined by newlines; so a quote at the start
of a unit still has a prefix (the end of the previous unit).

:func:`reanchor` re-attaches a range anchor in this order, as Hypothesis does:

1. **position** — the unit ``eid`` still has the quote at the same offsets and
   its context still agrees → ``exact``;
2. **quote in the unit** — the quote occurs in the same unit: the occurrence
   whose context agrees best, then the nearest to the old offset → ``moved``;
3. **quote anywhere** — the quote occurs in another unit with agreeing
   context (articles renumbered) → ``moved``;
4. **fuzzy, anywhere** — the most similar passage (rapidfuzz alignment per
   unit, Levenshtein similarity ≥ 0.75), scored 0.6 × quote similarity +
   0.4 × prefix/suffix agreement → ``fuzzy``;
5. otherwise ``orphan``: the old anchor is kept unchanged.

"Context agrees" means a prefix/suffix similarity (see :func:`context_score`:
characters in the quote's own unit weigh five times those from neighbouring
units) of at least :data:`CONTEXT_OK` in the annotation's own unit.  Moving to
*another* unit needs :data:`CONTEXT_ELSEWHERE` and, in addition, one of the
stored neighbouring units must still sit next to the candidate
(:func:`neighbour_score`).  A weaker context is accepted only in the old unit
and only when no other occurrence fits better, or when the quote is long and
occurs once in the whole document.  This guards against the typical
renumbering mistake (a new ② whose text also starts "시장은" at offset 0) and
against formulaic legal text ("그 밖에 … 사항" in several articles).  When in
doubt the annotation becomes an orphan: a mark on the wrong line is worse than
none.

Whole-unit anchors (bookmarks, notes on a unit) compare unit texts instead
(:func:`unit_text`: heading, text and sub-units, without the unit's own
label): same eid and same text → ``exact``; the same text under another eid of
the same kind with a matching neighbour → ``moved``; the most similar unit of
the same kind (rapidfuzz ratio ≥ 70, the old eid preferred on near-ties) →
``fuzzy``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from desktop.annotations.doctext import DocumentText, document_hash, document_text, eid_kind, unit_text
from desktop.annotations.errors import QuoteNotFound, RangeInvalid, UnitNotFound
from desktop.annotations.models import Anchor, AnchorStatus
from desktop.core.model import Document, Node
from desktop.core.text import collapse_spaces, normalize

__all__ = [
    "AnchorResult", "DocumentText", "anchor_quote", "anchor_range", "anchor_unit", "context_score",
    "document_hash", "neighbour_score", "reanchor", "unit_text",
]

#: Context similarity (0..1) at which an occurrence in the annotation's own unit is trusted.
CONTEXT_OK = 0.5
#: Context similarity needed to move an annotation to another unit (legal text is formulaic:
#: the same phrase in a neighbouring article often has half its context in common).
CONTEXT_ELSEWHERE = 0.8
#: Similarity a neighbouring unit must keep for an annotation to move to another unit.
NEIGHBOURS_OK = 0.8
#: Weakest context accepted in the old unit when nothing else fits better.
CONTEXT_MIN = 0.25
#: A quote at least this long that occurs once in the document needs no context.
DISTINCTIVE_LEN = 10
#: Shortest quote worth a fuzzy search (shorter ones are exact-only).
FUZZY_MIN_LEN = 4
#: Least similarity (0..1) of an edited quote to the passage it re-attaches to.
FUZZY_QUOTE_MIN = 0.75
#: Least similarity (0..100) of a changed unit's text to its old text.
UNIT_SIMILARITY_MIN = 70.0

@dataclass(frozen=True)
class Occurrence:
    """A candidate place for a quote: unit, offsets in its text, context score."""

    eid: str
    start: int
    end: int
    context: float
    similarity: float = 1.0


# --------------------------------------------------------------------------- making anchors


def _unit(dt: DocumentText, eid: str) -> Node:
    node = dt.node(eid)
    if node is None:
        raise UnitNotFound(dt.doc.id, eid)
    return node


def anchor_range(doc: Document | DocumentText, eid: str, start: int, end: int) -> Anchor:
    """An anchor on ``text[start:end]`` of unit ``eid`` (UnitNotFound / RangeInvalid)."""
    dt = document_text(doc)
    node = _unit(dt, eid)
    if not (0 <= start < end <= len(node.text)):
        raise RangeInvalid(dt.doc.id, eid, start, end, len(node.text))
    prefix, suffix = dt.context(eid, start, end)
    before, after = dt.neighbours(eid)
    return Anchor(
        doc_id=dt.doc.id, doc_hash=dt.hash, eid=eid, start=start, end=end,
        exact=node.text[start:end], prefix=prefix, suffix=suffix, unit_before=before, unit_after=after,
    )


def anchor_quote(doc: Document | DocumentText, eid: str, quote: str, occurrence: int = 1) -> Anchor:
    """An anchor on the ``occurrence``-th appearance of ``quote`` in unit ``eid`` (QuoteNotFound)."""
    dt = document_text(doc)
    node = _unit(dt, eid)
    wanted = collapse_spaces(normalize(quote))
    pos, seen = -1, 0
    while wanted:
        pos = node.text.find(wanted, pos + 1)
        if pos < 0:
            break
        seen += 1
        if seen == occurrence:
            return anchor_range(dt, eid, pos, pos + len(wanted))
    raise QuoteNotFound(dt.doc.id, eid, quote, found=seen)


def anchor_unit(doc: Document | DocumentText, eid: str) -> Anchor:
    """An anchor on the whole unit ``eid`` (bookmarks, notes on a unit)."""
    dt = document_text(doc)
    node = _unit(dt, eid)
    before, after = dt.neighbours(eid, whole=True)
    return Anchor(doc_id=dt.doc.id, doc_hash=dt.hash, eid=eid, exact=unit_text(node),
                  unit_before=before, unit_after=after)


# --------------------------------------------------------------------------- re-attaching


@dataclass(frozen=True)
class AnchorResult:
    """Where an anchor landed on a document version.

    ``anchor`` is the refreshed anchor (new hash, eid, offsets, current quote
    and context) or, for an orphan, the old anchor unchanged.  ``score`` is
    the confidence (1.0 exact).
    """

    status: AnchorStatus
    anchor: Anchor
    score: float = 1.0

    @property
    def changed_place(self) -> bool:
        return self.status in (AnchorStatus.MOVED, AnchorStatus.FUZZY)


#: Weight of context characters from neighbouring units (those within the unit weigh 1).
OUTER_CONTEXT_WEIGHT = 0.2


def _split(context: str, before: bool) -> tuple[str, str]:
    """``(inner, outer)``: the part of a prefix/suffix inside the quote's unit, and the rest."""
    if before:
        outer, sep, inner = context.rpartition("\n")
        return inner, outer + sep
    inner, sep, outer = context.partition("\n")
    return inner, sep + outer


def context_score(anchor: Anchor, dt: DocumentText, eid: str, start: int, end: int) -> float:
    """How well the prefix/suffix around a candidate agree with the anchor's (0..1).

    A length-weighted similarity: each stored context character counts 1 when
    it lies in the quote's own unit and :data:`OUTER_CONTEXT_WEIGHT` when it
    comes from a neighbouring unit, so "the same words follow in this unit"
    outweighs "the previous unit ends the same way" (the renumbering trap).
    Both sides are aligned on the quote.  No stored context at all gives 0.5.
    """
    prefix, suffix = dt.context(eid, start, end)
    total = weight = 0.0
    for stored, actual, before in ((anchor.prefix, prefix, True), (anchor.suffix, suffix, False)):
        s_in, s_out = _split(stored, before)
        a_in, a_out = _split(actual, before)
        for s_part, a_part, w in ((s_in, a_in, 1.0), (s_out, a_out, OUTER_CONTEXT_WEIGHT)):
            if not s_part:
                continue
            a_part = a_part[-len(s_part):] if before else a_part[: len(s_part)]
            total += w * len(s_part) * fuzz.ratio(s_part, a_part) / 100.0
            weight += w * len(s_part)
    return total / weight if weight else 0.5


def neighbour_score(anchor: Anchor, dt: DocumentText, eid: str, whole: bool = False) -> float:
    """How well the units around ``eid`` match those stored in the anchor: the better side (0..1).

    One side is enough (a paragraph inserted before a unit changes only its
    previous neighbour).  An anchor without neighbours (older data) gets 1.0.
    """
    if not anchor.unit_before and not anchor.unit_after:
        return 1.0
    before, after = dt.neighbours(eid, whole)
    best = 0.0
    for stored, actual in ((anchor.unit_before, before), (anchor.unit_after, after)):
        if not stored and not actual:
            best = max(best, 1.0)  # both at the start (or end) of the document
        elif stored and actual:
            best = max(best, fuzz.ratio(stored, actual) / 100.0)
    return best


def reanchor(anchor: Anchor, doc: Document | DocumentText) -> AnchorResult:
    """Re-attach ``anchor`` to ``doc`` (see the module docstring for the order)."""
    dt = document_text(doc)
    if anchor.doc_id != dt.doc.id:
        raise ValueError(f"anchor of {anchor.doc_id} re-attached to {dt.doc.id}")
    if not anchor.is_range:
        return _reanchor_unit(anchor, dt)
    return _reanchor_range(anchor, dt)


def _reanchor_range(anchor: Anchor, dt: DocumentText) -> AnchorResult:
    exact, old_eid, old_start = anchor.exact, anchor.eid, anchor.start or 0
    same_version = anchor.doc_hash == dt.hash
    cands = [
        Occurrence(eid, s, s + len(exact), context_score(anchor, dt, eid, s, s + len(exact)))
        for eid, s in dt.occurrences(exact)
    ]
    best_ctx = max((c.context for c in cands), default=-1.0)
    distinctive = len(exact) >= DISTINCTIVE_LEN and len(cands) == 1

    def acceptable_here(c: Occurrence) -> bool:
        return c.context >= CONTEXT_OK or distinctive or (c.context >= CONTEXT_MIN and c.context >= best_ctx - 1e-9)

    # 1. same unit, same offsets, same quote
    for c in cands:
        if c.eid == old_eid and c.start == old_start and (same_version or acceptable_here(c)):
            return AnchorResult(AnchorStatus.EXACT, anchor_range(dt, c.eid, c.start, c.end), 1.0)
    # 2. the quote elsewhere in the same unit
    in_unit = sorted((c for c in cands if c.eid == old_eid), key=lambda c: (-c.context, abs(c.start - old_start)))
    if in_unit and acceptable_here(in_unit[0]):
        c = in_unit[0]
        return AnchorResult(AnchorStatus.MOVED, anchor_range(dt, c.eid, c.start, c.end), 0.5 + c.context / 2)
    # 3. the quote in another unit, with agreeing context
    elsewhere = sorted(
        (c for c in cands if c.eid != old_eid and neighbour_score(anchor, dt, c.eid) >= NEIGHBOURS_OK),
        key=lambda c: (-c.context, dt.order.get(c.eid, 0)),
    )
    if elsewhere and (elsewhere[0].context >= CONTEXT_ELSEWHERE or (distinctive and elsewhere[0].context >= CONTEXT_OK)):
        c = elsewhere[0]
        return AnchorResult(AnchorStatus.MOVED, anchor_range(dt, c.eid, c.start, c.end), 0.5 + c.context / 2)
    # 4. fuzzy
    found = _fuzzy(anchor, dt)
    if found is not None:
        c, score = found
        return AnchorResult(AnchorStatus.FUZZY, anchor_range(dt, c.eid, c.start, c.end), score)
    return AnchorResult(AnchorStatus.ORPHAN, anchor, 0.0)


def _best_window(anchor: Anchor, dt: DocumentText, eid: str, start: int, end: int) -> Occurrence:
    """Move the ends of ``text[start:end]`` (by up to a third of the quote, 12 at most) to fit quote and context best.

    Similarity is Levenshtein's (a changed character costs one edit, as does
    a missing one), so for an edited "20명 이내의" the windows "20명 이내의" and
    "명 이내의" tie on the quote and the prefix/suffix pin the ends down.
    """
    quote, text = anchor.exact, dt.nodes[eid].text
    slack = min(12, max(2, len(quote) // 3))
    best: Occurrence | None = None
    best_score = -1.0
    for s in range(max(0, start - slack), min(len(text), start + slack) + 1):
        for e in range(max(s + 1, end - slack), min(len(text), end + slack) + 1):
            sim = Levenshtein.normalized_similarity(quote, text[s:e])
            if sim < FUZZY_QUOTE_MIN - 0.1:
                continue
            ctx = context_score(anchor, dt, eid, s, e)
            score = 0.6 * sim + 0.4 * ctx
            if score > best_score + 1e-9:
                best, best_score = Occurrence(eid, s, e, ctx, sim), score
    return best or Occurrence(eid, start, end, context_score(anchor, dt, eid, start, end),
                              Levenshtein.normalized_similarity(quote, text[start:end]))


def _fuzzy(anchor: Anchor, dt: DocumentText) -> tuple[Occurrence, float] | None:
    """The most similar passage, or None when none is similar enough and unambiguous."""
    quote = anchor.exact
    if len(quote) < FUZZY_MIN_LEN:
        return None
    cutoff = FUZZY_QUOTE_MIN * 100 - 10  # the window refinement below may raise it
    scored: list[tuple[float, Occurrence]] = []
    for _, _, eid in dt.spans:
        text = dt.nodes[eid].text
        al = fuzz.partial_ratio_alignment(quote, text, score_cutoff=cutoff)
        if al is None:
            continue
        occ = _best_window(anchor, dt, eid, al.dest_start, al.dest_end)
        if occ.similarity < FUZZY_QUOTE_MIN:
            continue
        if eid == anchor.eid:
            # In its own unit: agreeing context, or a long and near-identical quote.
            long_and_close = len(quote) >= DISTINCTIVE_LEN and occ.similarity >= 0.9 and occ.context >= CONTEXT_MIN
            if occ.context < CONTEXT_OK and not long_and_close:
                continue
        elif occ.context < CONTEXT_ELSEWHERE or neighbour_score(anchor, dt, eid) < NEIGHBOURS_OK:
            continue
        scored.append((0.6 * occ.similarity + 0.4 * occ.context + (0.02 if eid == anchor.eid else 0.0), occ))
    if not scored:
        return None
    scored.sort(key=lambda t: -t[0])
    score, best = scored[0]
    if len(scored) > 1 and scored[1][0] > score - 0.01 and scored[1][1].eid != best.eid:
        return None  # two places fit equally well: better an orphan than the wrong line
    return best, round(min(score, 1.0), 3)


def _reanchor_unit(anchor: Anchor, dt: DocumentText) -> AnchorResult:
    old_text, old_eid = anchor.exact, anchor.eid
    node = dt.node(old_eid)
    if node is not None and (unit_text(node) == old_text or not old_text):
        return AnchorResult(AnchorStatus.EXACT, anchor_unit(dt, old_eid), 1.0)
    if not old_text:
        return AnchorResult(AnchorStatus.ORPHAN, anchor, 0.0)
    kind = eid_kind(old_eid)
    same_kind = {
        eid: text for eid, text in dt.unit_texts.items()
        if eid_kind(eid) == kind and (eid == old_eid or neighbour_score(anchor, dt, eid, whole=True) >= NEIGHBOURS_OK)
    }
    identical = [eid for eid, text in same_kind.items() if text == old_text]
    if identical:
        # Several identical units (say two "삭제" articles): the one whose eid is most alike.
        eid = max(identical, key=lambda e: (fuzz.ratio(e, old_eid), -dt.order[e]))
        return AnchorResult(AnchorStatus.MOVED, anchor_unit(dt, eid), 1.0)
    best = process.extractOne(old_text, same_kind, scorer=fuzz.ratio, score_cutoff=UNIT_SIMILARITY_MIN)
    if best is None:
        return AnchorResult(AnchorStatus.ORPHAN, anchor, 0.0)
    _, score, eid = best
    if old_eid in same_kind and old_eid != eid:
        own = fuzz.ratio(old_text, same_kind[old_eid])
        if own >= score - 2:
            eid, score = old_eid, own
    return AnchorResult(AnchorStatus.FUZZY, anchor_unit(dt, eid), round(score / 100, 3))
