"""Query parsing: what a council member typed → terms to match (no Whoosh here).

Syntax: plain words (all must match where possible), ``"quoted phrases"``,
``-excluded`` words, ``doc:ID``; ``AND``/``OR``/``NOT`` and stray quotes or
dashes are ignored.  Each word becomes alternatives of required index terms
(synonyms and particle-free stems give more alternatives) plus optional
terms that only boost (particles, the bigram across a space).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from desktop.core.text import normalize
from desktop.paths import resources_dir
from desktop.search.analysis import HANGUL, char_class, is_safe_particle, strip_particle, tokenize

MAX_QUERY_CHARS = 400
MAX_WORDS = 24
MAX_ALTERNATIVES = 8

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "″": '"', "＂": '"'})
_DOC = re.compile(r"(?:^|\s)doc:(\S*)", re.IGNORECASE)
_PHRASE = re.compile(r'"([^"]*)"')
_OPERATORS = frozenset({"AND", "OR", "NOT", "&&", "||", "-", "+"})
_EDGE_PUNCT = re.compile(r"^[^\w]+|[^\w]+$")


def squash(text: str) -> str:
    """Lower-cased letters and digits only: the form literal/phrase checks compare."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


@dataclass
class Word:
    """One query word: alternatives of required terms, boost-only terms, literal forms."""

    raw: str
    alts: list[list[str]]
    fallback: list[list[str]] = field(default_factory=list)  # used only when ``alts`` match nothing
    optional: list[str] = field(default_factory=list)
    literals: list[str] = field(default_factory=list)
    weak_literals: list[str] = field(default_factory=list)  # the stem of a word ending in 이/가/도 …
    prefix: str = ""  # set when the word is one syllable/latin stem still being typed
    soft: bool = False  # one syllable among longer words: boosts only
    docname: bool = False  # names a document (파주, 여수시): may also match through its title
    pieces: list[list[str]] = field(default_factory=list)  # per alternative: what a text must show (highlighting)
    loose_pieces: list[list[str]] = field(default_factory=list)  # cut compounds, stems: only if no piece-set matched

    @property
    def terms(self) -> set[str]:
        """Every term of every alternative (fallbacks and particles included, for highlighting)."""
        return {t for alt in self.alts + self.fallback for t in alt} | set(self.optional)


@dataclass
class ParsedQuery:
    """The parts of a query the engine acts on."""

    text: str
    words: list[Word] = field(default_factory=list)
    excluded: list[Word] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)  # squashed; each must occur in the unit
    junctions: list[str] = field(default_factory=list)  # bigrams across the spaces typed
    doc: str | None = None
    boost_article: str = ""  # an article eid a citation-like query favours

    @property
    def required(self) -> list[Word]:
        return [w for w in self.words if not w.soft]

    @property
    def empty(self) -> bool:
        return not self.words


# ---------------------------------------------------------------- synonyms


@lru_cache(maxsize=4)
def load_synonyms(path: str | None = None) -> dict[str, tuple[str, ...]]:
    """Map every variant's squashed key to its group (variants as written)."""
    file = Path(path) if path else resources_dir() / "search" / "synonyms.txt"
    groups: dict[str, tuple[str, ...]] = {}
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return groups
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        variants = tuple(normalize(v).strip() for v in line.split("=") if v.strip())
        for v in variants:
            groups[squash_key(v)] = variants
    return groups


def squash_key(text: str) -> str:
    """Synonym key: lower case without spaces (keeps ``&`` for ``R&D``)."""
    return re.sub(r"\s+", "", text.lower())


def _synonym_segments(word: str, synonyms: dict[str, tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Split ``word`` into segments; a segment equal to a synonym key becomes its group."""
    low = word.lower()
    keys = sorted((k for k in synonyms if k and k in low), key=len, reverse=True)
    if not keys:
        return [(word,)]
    out: list[tuple[str, ...]] = []
    i = literal_start = 0
    while i < len(low):
        for k in keys:
            if low.startswith(k, i) and _boundary_ok(low, i, i + len(k), k):
                if literal_start < i:
                    out.append((word[literal_start:i],))
                out.append(synonyms[k])
                i += len(k)
                literal_start = i
                break
        else:
            i += 1
    if literal_start < len(word):
        out.append((word[literal_start:],))
    return out


def _boundary_ok(low: str, start: int, end: int, key: str) -> bool:
    """A Latin key must not sit inside a longer Latin word (``ai`` in ``said``)."""
    if char_class(key[0]) == HANGUL:
        return True
    before = low[start - 1] if start else ""
    after = low[end] if end < len(low) else ""
    return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())


# ---------------------------------------------------------------- words


def _terms(text: str) -> list[str]:
    """Required terms of a text: its tokens without junction bigrams, deduplicated in order."""
    seen: dict[str, None] = {}
    for tok in tokenize(text, junctions=True):
        if not tok.junction and not tok.stem:
            seen.setdefault(tok.text, None)
    return list(seen)


def _alternatives(stem: str, synonyms: dict[str, tuple[str, ...]]) -> tuple[list[list[str]], list[str], list[list[str]]]:
    """Required-term alternatives of ``stem``, their literal forms, and the pieces each must show in a text."""
    segments = _synonym_segments(stem, synonyms)
    alts: list[list[str]] = []
    literals: list[str] = []
    pieces: list[list[str]] = []
    for combo in itertools.islice(itertools.product(*segments), MAX_ALTERNATIVES):
        text = " ".join(combo) if len(segments) > 1 else combo[0]
        terms = _terms(text)
        if terms and terms not in alts:
            alts.append(terms)
            literals.append(squash("".join(combo)))
            pieces.append([p for p in (squash(x) for x in text.split()) if p])
    return alts, literals, pieces


def _cuts(stem: str, alts: list[list[str]]) -> list[list[str]]:
    """위원회구성 also matches 위원회의 구성: the compound cut in two, the bigram across the cut dropped."""
    out: list[list[str]] = []
    if len(stem) >= 4 and all(char_class(c) == HANGUL for c in stem):
        for cut in range(2, len(stem) - 1):
            terms = _terms(f"{stem[:cut]} {stem[cut:]}")
            if terms not in alts and len(alts) < MAX_ALTERNATIVES:
                alts.append(terms)
                out.append([stem[:cut], stem[cut:]])
    return out


def make_word(raw: str, synonyms: dict[str, tuple[str, ...]], *, last: bool = False, strict: bool = False) -> Word | None:
    """Build a :class:`Word`; ``None`` when nothing searchable is left."""
    word = _EDGE_PUNCT.sub("", raw)
    if not word or not _terms(word):
        return None
    stem, particle = ("", "") if strict else strip_particle(word)
    optional: list[str] = []
    fallback: list[list[str]] = []
    weak: list[str] = []
    loose: list[list[str]] = []
    if particle and len(stem) >= 2 and char_class(stem[-1]) == HANGUL:
        if is_safe_particle(particle):
            alts, literals, pieces = _alternatives(stem, synonyms)
            optional.append(stem[-1] + particle[0])
            base = stem
        else:  # 전문가, 평가, 시장이: the full word first, the stem if the full word is nowhere
            alts, literals, pieces = _alternatives(word, synonyms)
            fallback, weak, loose = _alternatives(stem, synonyms)
            base = word
    else:
        alts, literals, pieces = _alternatives(word, synonyms)
        base = word
        if particle and len(stem) == 1 and particle != "의":  # 시는 → 시는 or 시 (but 정의, 회의 stay)
            alts.append([stem])
            pieces.append([stem])
    if len(alts) == 1 and not strict:
        loose += _cuts(base, alts)
    if not alts:
        return None
    w = Word(raw=word, alts=alts, fallback=fallback, optional=optional, literals=literals, weak_literals=weak,
             pieces=pieces, loose_pieces=loose)
    if len(alts) == 1 and len(alts[0]) == 1 and not particle:
        only = alts[0][0]
        if last and not strict and ((len(only) == 1 and char_class(only) == HANGUL) or only.isascii()):
            w.prefix = only
    return w


def clean(text: str) -> str:
    """Normalised query text: NFC, no control characters, bounded length."""
    text = normalize(str(text or ""))[: MAX_QUERY_CHARS * 4]
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") else ch for ch in text)
    return text.translate(_QUOTES)[:MAX_QUERY_CHARS]


def parse_query(text: str, *, synonyms: dict[str, tuple[str, ...]] | None = None) -> ParsedQuery:
    """Parse ``text``; never raises, may return an empty query."""
    synonyms = load_synonyms() if synonyms is None else synonyms
    text = clean(text)
    pq = ParsedQuery(text=text)
    m = _DOC.search(text)
    if m:
        pq.doc = m.group(1).strip() or None
        text = _DOC.sub(" ", text)
    typing = not text.endswith((" ", '"'))
    pieces: list[tuple[str, bool]] = []  # (word, inside quotes)
    pos = 0
    for m in _PHRASE.finditer(text):
        pieces += [(w, False) for w in text[pos:m.start()].split()]
        inner = m.group(1).split()
        if inner:
            pq.phrases.append(squash("".join(inner)))
        pieces += [(w, True) for w in inner]
        pos = m.end()
    pieces += [(w, False) for w in text[pos:].replace('"', " ").split()]
    pieces = _join_phrase_synonyms(pieces[:MAX_WORDS], synonyms)
    for i, (raw, quoted) in enumerate(pieces):
        if raw in _OPERATORS:
            continue
        if raw.startswith("-") and not quoted:
            excluded = make_word(raw[1:], synonyms, strict=True)
            if excluded:
                pq.excluded.append(excluded)
            continue
        w = make_word(raw, synonyms, last=typing and i == len(pieces) - 1 and not quoted, strict=quoted)
        if w:
            pq.words.append(w)
    _mark_soft(pq)
    pq.junctions = _junctions(pq.words)
    return pq


def _join_phrase_synonyms(pieces: list[tuple[str, bool]], synonyms: dict) -> list[tuple[str, bool]]:
    """``생성형 AI`` → one word, when the words together are a synonym entry."""
    multi = {k for k, group in synonyms.items() if any(" " in v for v in group)}
    if not multi:
        return pieces
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(pieces):
        for j in (3, 2):
            chunk = pieces[i:i + j]
            if len(chunk) == j and len({q for _, q in chunk}) == 1 and squash_key("".join(w for w, _ in chunk)) in multi:
                out.append(("".join(w for w, _ in chunk), chunk[0][1]))
                i += j
                break
        else:
            out.append(pieces[i])
            i += 1
    return out


def _mark_soft(pq: ParsedQuery) -> None:
    """One-syllable words only boost when longer words carry the query."""
    def single(w: Word) -> bool:
        return len(w.alts) == 1 and len(w.alts[0]) == 1 and len(w.alts[0][0]) == 1 and char_class(w.alts[0][0]) == HANGUL

    if any(not single(w) for w in pq.words):
        for w in pq.words:
            if single(w) and not w.prefix:
                w.soft = True


def _junctions(words: list[Word]) -> list[str]:
    out: list[str] = []
    for a, b in itertools.pairwise(words):
        if a.raw and b.raw and char_class(a.raw[-1]) == HANGUL and char_class(b.raw[0]) == HANGUL:
            out.append(a.raw[-1] + b.raw[0])
            stem = strip_particle(a.raw)[0]
            if stem != a.raw and len(stem) >= 2:
                out.append(stem[-1] + b.raw[0])
    return out
