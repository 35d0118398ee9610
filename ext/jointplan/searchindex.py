"""The HTML search index stems each word once per build instead of once per page.

Sphinx memoises the stemmer only within one page, and the stemmers of most
languages (Dutch among them) are pure Python: stemming the same vocabulary
again for every page was the largest single cost of writing a page, and every
page an incremental build rewrites pays it again. The search language is
replaced, through Sphinx's own registry, by a subclass whose stemmer is cached
for the whole build. Stemming is a pure function of the word, so the index is
the same.
"""

from __future__ import annotations

import functools
from importlib import import_module

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage, languages


class StemOnce(SearchLanguage):
    """Mixed in before a search language: its ``stem`` remembers every word."""

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.stem = functools.cache(self.stem)  # type: ignore[method-assign]


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
