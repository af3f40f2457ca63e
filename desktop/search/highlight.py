"""Where a query matched inside a unit's text: character spans and a marked snippet."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.search.analysis import HANGUL, STEM_TAILS, char_class
from desktop.search.query import Word

MARK_OPEN, MARK_CLOSE = "«", "»"
SNIPPET_CHARS = 120
SNIPPET_LEAD = 30


def word_spans(text: str, word: Word, extra_terms: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Spans of ``word`` in ``text``.

    Each alternative (the word, a synonym, a stem, a compound cut in two) is
    marked only where all its pieces occur: ``인공지능위원회`` marks nothing in a
    text with 위원장 alone, ``AI`` (= 인공지능) does not mark the 지능 of 지능형.
    Pieces of three or more letters match with spacing ignored (재적 위원).
    """
    spans: list[tuple[int, int]] = []
    for level in (word.pieces, word.loose_pieces):
        for alt in level:
            found = [piece_spans(text, piece) for piece in alt]
            if found and all(found):
                spans += [span for group in found for span in group]
        if spans:
            break
    for term in extra_terms:
        spans += piece_spans(text, term)
    return spans


def piece_spans(text: str, piece: str) -> list[tuple[int, int]]:
    """Where ``piece`` (squashed: lower case, letters and digits) occurs as a word or inside a Korean word."""
    if len(piece) >= 3:
        found = phrase_spans(text, piece)
    else:
        low = text.lower()
        found, pos = [], low.find(piece)
        while pos >= 0:
            found.append((pos, pos + len(piece)))
            pos = low.find(piece, pos + 1)
    return [(s, e) for s, e in found if _bounded(text, s, e, piece)]


def _bounded(text: str, start: int, end: int, piece: str) -> bool:
    """Latin/digit pieces stand alone (ai ≠ maintain); a one-syllable piece stands alone or before a particle."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if piece[0].isascii() and before.isascii() and before.isalnum():
        return False
    if piece[-1].isascii() and after.isascii() and after.isalnum():
        return False
    if len(piece) == 1 and char_class(piece) == HANGUL:
        if before and char_class(before) == HANGUL:
            return False
        if after and char_class(after) == HANGUL:
            tail = text[end:end + 3]
            run = tail[: next((i for i, c in enumerate(tail) if char_class(c) != HANGUL), len(tail))]
            return run in STEM_TAILS
    return True


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
