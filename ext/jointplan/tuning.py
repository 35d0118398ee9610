"""Two settings that make any large Sphinx build faster; nothing here is about the plan.

An extension of its own (``jointplan.tuning``, loaded by ``jointplan``), so a
plain project can load it too: the benchmark's floor does, to measure the
plan's extension against Sphinx as tuned here rather than credit it with these.

- **The search index stems each word once per process.** Sphinx memoises the
  stemmer only within one page, and the stemmers of most languages (Dutch among
  them) are pure Python: stemming the same vocabulary again for every page was
  the largest single cost of writing a page, paid again by every page an
  incremental build rewrites. The search language is registered again, through
  Sphinx's own registry, as a subclass whose stemmer is cached for the whole
  build. Stemming is a pure function of the word, so the index is the same.
- **The cyclic garbage collector runs less often.** Sphinx keeps the doctrees it
  read in memory until they are written, and docutils nodes point to their
  parents, so every full collection walks every node read so far: a quarter to
  a third of a clean build's time at region scale. With a larger first
  threshold the collector runs about ten times less often, for a few per cent
  more peak memory.
- **pybtex looks each plugin up once per process.** sphinxcontrib-bibtex asks
  pybtex for its style, label, name and sorting plugins whenever the
  bibliography is formatted (every build that reads a page), and pybtex asks
  ``importlib.metadata`` for the entry point each time, which reads the
  metadata of every installed distribution again: a tenth of a live-preview
  rebuild. The installed packages do not change while Sphinx runs, so the
  answer is kept (a plugin registered at run time is still found first).
"""

from __future__ import annotations

import functools
import gc
from importlib import import_module
from typing import Any

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage, languages

#: Allocations between collections of the youngest generation (Python's default: 700).
GC_THRESHOLD = 5000


class StemOnce(SearchLanguage):
    """Mixed in before a search language: its ``stem`` remembers every word.

    For the whole process, not one index: the live preview (``make serve``)
    keeps one application and builds it again on every save.
    """

    stems: dict[type, dict[str, str]] = {}

    def stem(self, word: str) -> str:
        known = StemOnce.stems.setdefault(type(self), {})
        if word not in known:
            known[word] = super().stem(word)
        return known[word]


def stem_each_word_once(app: Sphinx) -> None:
    """``builder-inited``: register the cached variant of the index's language."""
    if app.builder.format != "html":
        return
    # As sphinx.search.IndexBuilder looks the language up; a language Sphinx
    # does not know (English is then used) is left alone.
    code = app.config.html_search_language or app.config.language
    key = code if code in languages else code.partition("_")[0]
    base = languages.get(key)
    if base is None:
        return
    if isinstance(base, str):
        module, name = base.rsplit(".", 1)
        base = getattr(import_module(module), name)
    if issubclass(base, StemOnce):  # registered by an earlier build in this process
        return
    app.add_search_language(type(base.__name__, (StemOnce, base), {"lang": key}))


def look_plugins_up_once() -> None:
    """pybtex's lookup of installed plugins (by group and name), remembered."""
    try:
        import pybtex.plugin as plugins
    except ImportError:  # no bibliography in this project
        return
    if not hasattr(plugins.entry_points, "cache_info"):
        plugins.entry_points = functools.cache(plugins.entry_points)


def setup(app: Sphinx) -> dict[str, Any]:
    first, *older = gc.get_threshold()
    gc.set_threshold(max(first, GC_THRESHOLD), *older)
    look_plugins_up_once()
    app.connect("builder-inited", stem_each_word_once)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
