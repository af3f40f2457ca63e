"""Where a query matched inside a unit's text: character spans and a marked snippet."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.search.analysis import tokenize
from desktop.search.query import Word

MARK_OPEN, MARK_CLOSE = "«", "»"
SNIPPET_CHARS = 120
SNIPPET_LEAD = 30


def _is_bigram(term: str) -> bool:
    return len(term) == 2 and not term.isascii()


def word_spans(text: str, word: Word, extra_terms: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Spans of ``word`` in ``text``.

    Each alternative (the word, a synonym, a stem) is matched on its own:
    bigrams count only in chains long enough for it (a lone ``위원`` is not a
    match for ``인공지능위원회``, nor ``지능`` for ``AI`` → ``인공지능``);
    unigrams and Latin/digit words count alone.
    """
    toks = tokenize(text, junctions=True)
    groups = [(set(alt) | set(word.optional), 1 if len(alt) == 1 else 2) for alt in word.alts + word.fallback]
    extra = set(extra_terms)
    if extra:
        groups.append((extra, 1))
    spans: list[tuple[int, int]] = []
    for terms, need in groups:
        chain: list[tuple[int, int]] = []
        for tok in toks:
            if tok.text not in terms or (tok.junction and tok.text in extra and tok.text not in word.terms):
                continue
            if not _is_bigram(tok.text):
                spans.append((tok.start, tok.end))
                continue
            if chain and tok.start != chain[-1][1] - 1:
                if len(chain) >= need:
                    spans.append((chain[0][0], chain[-1][1]))
                chain = []
            chain.append((tok.start, tok.end))
        if len(chain) >= need:
            spans.append((chain[0][0], chain[-1][1]))
    return spans


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping or touching spans joined."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def find_spans(text: str, words: Iterable[Word], prefix_terms: dict[str, list[str]] | None = None,
               phrases: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Spans of every matched query word (and quoted phrase) in ``text``."""
    prefix_terms = prefix_terms or {}
    spans: list[tuple[int, int]] = []
    for word in words:
        spans += word_spans(text, word, prefix_terms.get(word.prefix, ()) if word.prefix else ())
    for phrase in phrases:
        spans += phrase_spans(text, phrase)
    return merge(spans)


def phrase_spans(text: str, squashed: str) -> list[tuple[int, int]]:
    """Spans where the letters/digits of ``text`` spell ``squashed`` (spacing and punctuation ignored)."""
    if not squashed:
        return []
    keep = [(i, ch.lower()) for i, ch in enumerate(text) if ch.isalnum()]
    flat = "".join(ch for _, ch in keep)
    out = []
    pos = flat.find(squashed)
    while pos >= 0:
        out.append((keep[pos][0], keep[pos + len(squashed) - 1][0] + 1))
        pos = flat.find(squashed, pos + 1)
    return out


def snippet(text: str, spans: list[tuple[int, int]], size: int = SNIPPET_CHARS) -> str:
    """A window of ``text`` around the first span, matches wrapped in «»."""
    if not text:
        return ""
    start = 0
    if spans and spans[0][0] > SNIPPET_LEAD and len(text) > size:
        start = min(spans[0][0] - SNIPPET_LEAD, max(0, len(text) - size))
        space = text.rfind(" ", start, start + 12)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + size)
    out: list[str] = ["…"] if start else []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out += [text[pos:s], MARK_OPEN, text[s:e], MARK_CLOSE]
        pos = e
    out.append(text[pos:end])
    if end < len(text):
        out.append("…")
    return "".join(out)
