"""Korean-aware tokenisation for the full-text index.

Whoosh pickles the analyzer's import path into the index schema, so the
classes here must keep their module path (``desktop.search.analysis``).

Hangul (and Hanja) runs become overlapping character bigrams; a run of one
syllable becomes a unigram, so ``시``, ``법`` and the ``제``/``조`` of
``제12조`` still match.  A one-syllable word followed by a particle (``시는``,
``법에``) also yields the bare syllable.  Latin letters and digits form
whole lower-cased words (``AI`` = ``ai``, ``sLLM``, ``119``).

Two designs (chosen by name, recorded in the index manifest):

- ``bigram``: bigrams inside each whitespace-separated run only;
- ``bigram-junction``: also the bigram across a space between two Hangul
  runs (``인공지능 위원회`` → … ``능위`` …), so spacing variants
  (``인재양성`` / ``인재 양성``) index the same bigrams.
"""

from __future__ import annotations

from typing import NamedTuple

from whoosh.analysis import Token, Tokenizer

ANALYZER_VERSION = 3
DESIGNS = ("bigram", "bigram-junction")
DEFAULT_DESIGN = "bigram-junction"

#: Particles after which a one-syllable stem is also indexed on its own.
SHORT_PARTICLES = frozenset("은는이가을를의에와과도로만")
STEM_TAILS = SHORT_PARTICLES | {"에서", "으로", "에게"}
#: Particles stripped from the end of query words (longest first).  "Safe" ones
#: rarely end a noun; the others also end common nouns (평가, 전문가, 제도, 도로,
#: 미만), so a word ending in one keeps its full form and uses the stem only
#: when the full form occurs nowhere.
SAFE_PARTICLES = (
    "에서는", "으로서", "으로써", "에게서", "까지는", "부터는",
    "에서", "에게", "으로", "부터", "까지", "과의", "와의", "에는", "에도", "하는", "하여", "한다",
    "은", "는", "을", "를", "의", "에", "와", "과",
)
AMBIGUOUS_PARTICLES = ("이나", "이며", "이란", "로서", "로써", "이", "가", "도", "로", "만", "란")
PARTICLES = tuple(sorted(SAFE_PARTICLES + AMBIGUOUS_PARTICLES, key=len, reverse=True))

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}

HANGUL, WORD, SPACE, OTHER = "H", "W", "S", "O"


class Tok(NamedTuple):
    """One index term with its character span in the analysed text."""

    text: str
    start: int
    end: int
    junction: bool = False  # bigram across a space (``bigram-junction`` design)
    stem: bool = False  # bare syllable before a particle (``시는`` → ``시``)


def char_class(ch: str) -> str:
    """``H`` (Hangul syllable/Hanja), ``W`` (Latin/digit/other letters), ``S`` (space) or ``O``."""
    o = ord(ch)
    if 0xAC00 <= o <= 0xD7A3 or 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF:
        return HANGUL
    if ch.isspace():
        return SPACE
    if 0x3131 <= o <= 0x318E or 0x1100 <= o <= 0x11FF:  # bare jamo (half-typed syllables)
        return OTHER
    if ch.isalnum():
        return WORD
    return OTHER


def runs(text: str) -> list[tuple[str, int, int]]:
    """Maximal runs of one class as ``(class, start, end)``; ``O`` runs are dropped, ``S`` kept."""
    out: list[tuple[str, int, int]] = []
    start = 0
    cls = None
    for i, ch in enumerate(text):
        c = char_class(ch)
        if c != cls:
            if cls is not None and cls != OTHER:
                out.append((cls, start, i))
            cls, start = c, i
    if cls is not None and cls != OTHER:
        out.append((cls, start, len(text)))
    return out


def tokenize(text: str, junctions: bool = True) -> list[Tok]:
    """The index terms of ``text`` in order of their start offset."""
    text = text.translate(_FULLWIDTH)
    toks: list[Tok] = []
    prev_hangul: tuple[int, int] | None = None  # the last Hangul run, if only spaces follow it
    for cls, start, end in runs(text):
        if cls == SPACE:
            continue
        if cls == WORD:
            toks.append(Tok(text[start:end].lower(), start, end))
            prev_hangul = None
            continue
        if junctions and prev_hangul is not None and text[prev_hangul[1]:start].isspace():
            last = prev_hangul[1] - 1
            toks.append(Tok(text[last] + text[start], last, start + 1, True))
        n = end - start
        if n == 1:
            toks.append(Tok(text[start], start, end))
        else:
            if n <= 3 and text[start + 1:end] in STEM_TAILS:
                toks.append(Tok(text[start], start, start + 1, stem=True))
            for i in range(start, end - 1):
                toks.append(Tok(text[i:i + 2], i, i + 2))
        prev_hangul = (start, end)
    return toks


_tokenize = tokenize


def strip_particle(word: str) -> tuple[str, str]:
    """``"시장은"`` → ``("시장", "은")``; the stem keeps at least two syllables.

    One-syllable stems are kept only for one-syllable particles (``시는`` → ``시``).
    """
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) > len(particle):
            stem = word[: -len(particle)]
            if len(stem) >= 2 or (len(particle) == 1 and particle in SHORT_PARTICLES):
                return stem, particle
    return word, ""


class KoreanTokenizer(Tokenizer):
    """A Whoosh tokenizer wrapping :func:`tokenize` (``junctions`` selects the design)."""

    def __init__(self, junctions: bool = True) -> None:
        self.junctions = junctions

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KoreanTokenizer) and other.junctions == self.junctions

    def __hash__(self) -> int:
        return hash((KoreanTokenizer, self.junctions))

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        toks = _tokenize(value, self.junctions) if tokenize else [Tok(value, 0, len(value))]
        for n, tok in enumerate(toks):
            t.text = tok.text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = tok.text
            if positions:
                t.pos = start_pos + n
            if chars:
                t.startchar = start_char + tok.start
                t.endchar = start_char + tok.end
            yield t


def analyzer(design: str = DEFAULT_DESIGN) -> KoreanTokenizer:
    """The analyzer of a design name (see :data:`DESIGNS`)."""
    if design not in DESIGNS:
        raise ValueError(f"unknown analyzer design {design!r}")
    return KoreanTokenizer(junctions=design == "bigram-junction")


def is_safe_particle(particle: str) -> bool:
    """Whether ``particle`` can be dropped from a query word without a second thought."""
    return particle in SAFE_PARTICLES
