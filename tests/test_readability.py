"""The readability advice of make check: long sentences and uncommon words, at their line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from utils import REPO

sys.path.insert(0, str(REPO / "scripts"))
import readability

CHAPTER = """\
---
title: Voorbeeld
---
# Een kop met bestuursdwang telt niet

Dit is een korte zin. Deze zin is veel te lang, omdat hij maar doorgaat en doorgaat
en nog verder doorgaat over de gemeente en de politie en de inwoners en de
ondernemers in de buurt zonder ooit een punt te zetten.

:::{ivp:choice} voorbereidingshandelingen
:origin: bewoners
:status: vermeld
:source: interview2018

De burgemeester kan voorbereidingshandelingen straffen {cite:p}`opiumwet`. Opnieuw voorbereidingshandelingen.

- Een punt van een lijst met {ivp:priority}`high-impact-crimes` telt apart.
:::

```python
voorbereidingshandelingen = "code telt niet"
```

| Tabel | met voorbereidingshandelingen |
| --- | --- |

Zie art. 13b van de Opiumwet en Renswoude. Renswoude ligt in de regio.
"""


@pytest.fixture()
def chapter(tmp_path) -> Path:
    path = tmp_path / "hoofdstuk.md"
    path.write_text(CHAPTER, encoding="utf-8")
    return path


def test_sentences_are_read_from_the_prose_only(chapter):
    found = list(readability.sentences(chapter, CHAPTER))
    assert [s.line for s in found] == [6, 6, 15, 15, 17, 27, 27]
    assert found[0].text == "Dit is een korte zin."
    # The citation shows no words; a role as many as its id, none of them judged.
    assert found[2].text == "De burgemeester kan voorbereidingshandelingen straffen."
    assert [w.text for w in found[4].words if not w.judged] == ["\uE000"] * 3
    assert len(found[4].words) == 11
    # An abbreviation's full stop ends no sentence; a name inside one is not judged.
    assert found[5].text == "Zie art. 13b van de Opiumwet en Renswoude."
    assert not any(w.judged for w in found[5].words if w.text in ("Opiumwet", "Renswoude"))
    everything = " ".join(s.text for s in found)
    for skipped in ("Een kop", "title", ":status:", "interview2018", "code telt niet", "Tabel"):
        assert skipped not in everything


def test_advice_at_the_line_of_the_sentence_and_of_the_word_first_used(chapter):
    notes, counts = readability.advise([chapter], max_words=25, min_zipf=3.0)
    assert [(n.line, n.kind) for n in notes] == [(6, "sentence"), (15, "word")]
    assert notes[0].message.startswith("lange zin (37 woorden, advies: hoogstens 25): „Deze "
                                       "zin is veel te lang")
    assert notes[1].message.startswith("ongebruikelijk woord „voorbereidingshandelingen” (Zipf 1.1, "
                                       "advies: minstens 3)")
    assert str(notes[1]) == f"{chapter}:15: {notes[1].message}"
    assert counts == {"files": 1, "sentences": 7, "words": 74, "long": 1, "uncommon": 1}


def test_common_words_in_other_forms_and_compounds_pass():
    # Dictionary forms (simplemma) and compounds of common words are common.
    for word in ("benoemden", "vastgelegde", "veiligheidsplan", "woninginbraak", "wijkagent"):
        assert readability.uncommon(word, 3.0, set()) is None, word
    # A long compound is judged whole, however common its parts.
    assert readability.uncommon("voorbereidingshandelingen", 3.0, set()) is not None
    assert readability.uncommon("Renswoude", 3.0, {"renswoude"}) is None  # a listed name


def test_thresholds_are_options_and_the_advice_never_fails(chapter):
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "readability.py"),
                          str(chapter.parent), "--max-words", "8", "--min-zipf", "1"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0
    lines = run.stdout.splitlines()
    assert sum("lange zin" in line for line in lines) == 3
    assert not any("ongebruikelijk" in line for line in lines[:-1])  # all above Zipf 1
    assert lines[-1].startswith("Leesbaarheid (advies, geen fout): 1 bestanden, 7 zinnen "
                                "van gemiddeld 10.6 woorden; 3 zinnen langer dan 8 woorden")


def test_make_check_gives_the_advice_before_the_strict_build():
    dry_run = subprocess.run(["make", "-n", "check", "PYTHON=python3"], cwd=REPO,
                             capture_output=True, text=True, check=True).stdout
    advice = next(n for n, line in enumerate(dry_run.splitlines())
                  if "scripts/readability.py docs" in line)
    strict = next(n for n, line in enumerate(dry_run.splitlines()) if " -W " in line)
    assert advice < strict
