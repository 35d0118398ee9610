#!/usr/bin/env python3
"""Readability advice on the plan's chapters: long sentences and uncommon words.

Advice, never a gate: ``make check`` prints it after the strict build, and it
always exits 0. Each note is ``file:line: ...`` at the sentence or the word.

- **Long sentences**: more than ``--max-words`` words (default 25). Plain Dutch
  at B1 level keeps sentences to about 15 words on average; past 25 a reader
  has to go back. A list item counts as a sentence of its own.
- **Uncommon words**: a word whose frequency in Dutch is below ``--min-zipf``
  (default 3.0 on the Zipf scale of wordfreq: fewer than once per million
  words of ordinary Dutch text), at its first use in each file. Explain it
  where it is first used (and in the list of terms), or use a more common word.
  A word counts as its dictionary form too (``benoemden`` as ``benoemen``, with
  simplemma), and a compound of common words of at most 15 letters passes
  (``veiligheidsplan`` is ``veiligheid`` + ``s`` + ``plan``; a longer one such
  as ``voorbereidingshandelingen`` is judged whole). Names (capitalised words inside a
  sentence), numbers, addresses, code and the ids in roles are not judged.

The frequencies are wordfreq's Dutch list (subtitles, Wikipedia, news and web
text, up to 2021); see README, "Readability".

What is read: the MyST sources (``.md``), without front matter, code, tables,
comments, headings, directive fences and their option lines (``:status: ...``);
the text inside directives (notes, a choice's prose, goals) is read. Roles count
as the words they show: a citation as none, ``{ivp:priority}`high-impact-crimes```
as three words that are not judged.

    python scripts/readability.py docs [--max-words 25] [--min-zipf 3.0]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

MAX_WORDS = 25
MIN_ZIPF = 3.0
LANGUAGE = "nl"

#: Directives whose content is no prose (code, tables of contents, raw markup).
NOT_PROSE = {"", "code", "code-block", "sourcecode", "literalinclude", "toctree",
             "bibliography", "math", "raw", "eval-rst", "csv-table", "list-table",
             "include", "mermaid", "graphviz"}
#: Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = {"art", "artt", "bijv", "bv", "ca", "d.w.z", "dhr", "dr", "drs", "e.d", "enz",
                 "etc", "evt", "i.p.v", "ir", "jl", "jr", "m.b.t", "m.i.v", "mevr", "mr", "nr",
                 "nrs", "o.a", "p", "pag", "resp", "t.a.v", "t.o.v", "vgl", "z.g", "zgn"}

FENCE = re.compile(
    r"^(?P<indent>\s*)(?P<mark>`{3,}|~{3,}|:{3,})\s*(?:\{(?P<name>[^}]*)\})?(?P<rest>.*)$")
OPTION = re.compile(r"^\s*:[\w-]+:(?:\s|$)")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)]|:)\s+")
CITATION = re.compile(r"\s*\{(?:cite|footcite)(?::\w+)?\}`[^`]*`")
ROLE = re.compile(r"\{[\w:.-]+\}`(?P<content>[^`]*)`")
LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\((?P<url>[^)]*)\)")
AUTOLINK = re.compile(r"<(?:https?|mailto):[^>]*>|https?://\S+")
FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
INLINE_CODE = re.compile(r"`[^`]*`")
SUBSTITUTION = re.compile(r"\{\{[^}]*\}\}")
EMPHASIS = re.compile(r"(\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w))")
#: A placeholder for text that counts as words but is not judged (names, code).
UNJUDGED = "\uE000"
TOKEN = re.compile(rf"{UNJUDGED}|[^\W\d_](?:[\w'’-]*\w)?|\d[\d.,:/-]*")
#: Where a sentence ends: a stop, then quotes or a bracket, then a space and a capital.
BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“„‘(]?[A-Z0-9À-Ý])")


@dataclass
class Word:
    text: str
    line: int
    judged: bool = True


@dataclass
class Sentence:
    path: Path
    line: int
    words: list[Word] = field(default_factory=list)
    text: str = ""


@dataclass(frozen=True)
class Note:
    """One piece of advice at a file and line."""

    path: Path
    line: int
    kind: str  # "sentence" or "word"
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def paragraphs(text: str) -> Iterator[list[tuple[int, str]]]:
    """The prose of a MyST source as paragraphs of (line number, text) pairs."""
    lines = text.splitlines()
    current: list[tuple[int, str]] = []
    skip_until: str | None = None  # the closing fence of a block that is no prose
    in_options = False
    number = 0
    if lines and lines[0].strip() == "---":  # front matter
        number = next((n for n in range(1, len(lines)) if lines[n].strip() == "---"),
                      len(lines) - 1) + 1
    in_comment = False
    while number < len(lines):
        line = lines[number]
        number += 1
        stripped = line.strip()
        if skip_until is not None:
            if stripped.startswith(skip_until) and stripped.strip(skip_until[0]) == "":
                skip_until = None
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        fence = FENCE.match(line)
        if fence:
            if current:
                yield current
                current = []
            name = (fence["name"] or "").strip()
            mark = fence["mark"]
            if mark[0] != ":" and (fence["name"] is None or name in NOT_PROSE):
                skip_until = mark  # a code block, or a directive without prose
            elif mark[0] == ":" and name in NOT_PROSE and fence["name"] is not None:
                skip_until = mark
            in_options = fence["name"] is not None
            continue
        if in_options and OPTION.match(line):
            continue
        in_options = False
        if stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            continue
        if (not stripped or stripped.startswith(("#", "|", "%"))
                or re.fullmatch(r"\(.+\)=", stripped)
                or re.fullmatch(r"[-*_=]{3,}", stripped)):
            if current:
                yield current
                current = []
            continue
        item = LIST_ITEM.match(line)
        if item:
            if current:
                yield current
                current = []
            line = line[item.end():]
        current.append((number, line.strip()))
    if current:
        yield current


def clean(text: str) -> str:
    """The words a reader sees, with unjudged placeholders for names and code."""
    text = CITATION.sub("", text)
    text = LINK.sub(lambda m: "" if m[0].startswith("!") else m["text"], text)
    text = AUTOLINK.sub(UNJUDGED, text)
    text = FOOTNOTE_REF.sub("", text)
    # A role shows a title or name: as many words as its id or text, not judged.
    text = ROLE.sub(lambda m: " ".join(UNJUDGED for _ in re.split(r"[\s/-]+", re.sub(
        r"\s*<[^>]*>$", "", m["content"])) if _), text)
    text = INLINE_CODE.sub(UNJUDGED, text)
    text = SUBSTITUTION.sub(UNJUDGED, text)
    return EMPHASIS.sub("", text)


def sentences(path: Path, text: str) -> Iterator[Sentence]:
    """The sentences of a source, each with its words and their lines."""
    for paragraph in paragraphs(text):
        joined, starts = "", []
        for number, line in paragraph:
            starts.append((len(joined), number))
            joined += clean(line) + " "

        def line_at(offset: int) -> int:
            # Used within this paragraph's iteration only.
            return max((n for start, n in starts if start <= offset),  # noqa: B023
                       default=paragraph[0][0])  # noqa: B023

        begin = 0
        for boundary in [*_boundaries(joined), len(joined)]:
            piece = joined[begin:boundary]
            words = [Word(m[0], line_at(begin + m.start()), m[0] != UNJUDGED
                          and not m[0][0].isdigit()) for m in TOKEN.finditer(piece)]
            if words:
                first = next(iter(words))
                # A capital inside a sentence is a name; the first word is judged.
                for word in words[1:]:
                    if word.text[:1].isupper():
                        word.judged = False
                yield Sentence(path, first.line, words, " ".join(piece.replace(
                    UNJUDGED, "…").split()))
            begin = boundary


def _boundaries(text: str) -> Iterable[int]:
    for match in BOUNDARY.finditer(text):
        before = text[:match.start()].rstrip(".!?\"”’)")
        word = re.search(r"([\w.]+)$", before)
        if word and word[1].lower() in ABBREVIATIONS:
            continue
        if word and len(word[1]) == 1 and word[1].isalpha():  # an initial: "J. Jansen"
            continue
        yield match.end()


def frequency(word: str) -> float:
    """How common a word is in Dutch, as itself or as its dictionary form."""
    from simplemma import lemmatize
    from wordfreq import zipf_frequency
    return max(zipf_frequency(word, LANGUAGE), zipf_frequency(lemmatize(word, lang=LANGUAGE),
                                                              LANGUAGE))


#: What may join the parts of a Dutch compound: veiligheid-s-plan, kind-er-opvang.
LINKS = ("", "s", "e", "en", "er")
#: The shortest part of a compound worth splitting off (shorter gives false parts).
PART = 4
#: A compound longer than this is judged as one word even if its parts are common:
#: long words are hard to read too (voorbereidingshandelingen).
LONG_COMPOUND = 15


def common_compound(word: str, min_zipf: float, depth: int = 2) -> bool:
    """Whether a closed compound is made of common words (woninginbraak: woning +
    inbraak), up to three parts. A reader who knows the parts reads it."""
    for split in range(PART, len(word) - PART + 1):
        head, rest = word[:split], word[split:]
        if frequency(head) < min_zipf:
            continue
        for link in LINKS:
            if not rest.startswith(link):
                continue
            tail = rest[len(link):]
            if len(tail) < PART:
                continue
            if frequency(tail) >= min_zipf or (
                    depth > 1 and common_compound(tail, min_zipf, depth - 1)):
                return True
    return False


def uncommon(word: str, min_zipf: float, names: set[str]) -> float | None:
    """The word's Zipf frequency if it is below the threshold, else None."""
    lower = word.lower().strip("'’-")
    if lower in names or len(lower) < 2:
        return None
    value = frequency(lower)
    if value >= min_zipf:
        return None
    parts = [p for p in lower.split("-") if p]
    if len(parts) > 1 and all(frequency(p) >= min_zipf for p in parts):
        return None
    if len(parts) == 1 and len(lower) <= LONG_COMPOUND and common_compound(lower, min_zipf):
        return None
    return value


def advise(paths: Iterable[Path], max_words: int = MAX_WORDS, min_zipf: float = MIN_ZIPF,
           names: set[str] = frozenset()) -> tuple[list[Note], dict]:
    """The notes for the given sources, and the summary figures."""
    notes: list[Note] = []
    counts = {"files": 0, "sentences": 0, "words": 0, "long": 0, "uncommon": 0}
    for path in paths:
        counts["files"] += 1
        seen: set[str] = set()
        for sentence in sentences(path, path.read_text(encoding="utf-8")):
            counts["sentences"] += 1
            counts["words"] += len(sentence.words)
            if len(sentence.words) > max_words:
                counts["long"] += 1
                preview = sentence.text if len(sentence.text) <= 80 else \
                    sentence.text[:77].rstrip() + "..."
                notes.append(Note(path, sentence.line, "sentence",
                                  f"lange zin ({len(sentence.words)} woorden, advies: hoogstens "
                                  f"{max_words}): „{preview}”; splits hem in kortere zinnen"))
            for word in sentence.words:
                key = word.text.lower()
                if not word.judged or key in seen:
                    continue
                value = uncommon(word.text, min_zipf, names)
                if value is None:
                    continue
                seen.add(key)
                counts["uncommon"] += 1
                notes.append(Note(path, word.line, "word",
                                  f"ongebruikelijk woord „{word.text}” (Zipf {value:.1f}, advies: "
                                  f"minstens {min_zipf:g}); leg het uit waar het voor het eerst "
                                  "staat, of kies een gewoner woord"))
    notes.sort(key=lambda note: (str(note.path), note.line, note.kind))
    return notes, counts


def summary(counts: dict, max_words: int) -> str:
    average = counts["words"] / counts["sentences"] if counts["sentences"] else 0.0
    return (f"Leesbaarheid (advies, geen fout): {counts['files']} bestanden, "
            f"{counts['sentences']} zinnen van gemiddeld {average:.1f} woorden; "
            f"{counts['long']} zinnen langer dan {max_words} woorden; "
            f"{counts['uncommon']} ongebruikelijke woorden (per bestand één keer genoemd).")


def sources(targets: Iterable[Path]) -> list[Path]:
    found = []
    for target in targets:
        if target.is_dir():
            found += sorted(p for p in target.rglob("*.md")
                            if not any(part.startswith(("_", ".")) for part in p.parts))
        else:
            found.append(target)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("docs")])
    parser.add_argument("--max-words", type=int, default=MAX_WORDS,
                        help=f"longest sentence that gets no note (default {MAX_WORDS})")
    parser.add_argument("--min-zipf", type=float, default=MIN_ZIPF,
                        help=f"least common word that gets no note (default {MIN_ZIPF})")
    parser.add_argument("--names", type=Path,
                        help="a word list whose capitalised entries are names not to judge "
                             "(e.g. docs/spelling_wordlist.txt)")
    args = parser.parse_args(argv)
    names = set()
    if args.names and args.names.exists():
        # Its capitalised entries are names (places, organisations); the rest are
        # words accepted for spelling, which may still need explaining.
        names = {w.lower() for w in args.names.read_text(encoding="utf-8").split()
                 if w[:1].isupper()}
    notes, counts = advise(sources(args.paths), args.max_words, args.min_zipf, names)
    for note in notes:
        print(note)
    print(summary(counts, args.max_words))
    return 0  # advice: never fails the build


if __name__ == "__main__":
    sys.exit(main())
