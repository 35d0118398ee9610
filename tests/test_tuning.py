"""jointplan.tuning changes how fast Sphinx builds, never what it writes."""

from __future__ import annotations

import gc

from sphinx.search import languages
from sphinx.search.nl import SearchDutch

from utils import copy_root, run
from jointplan.tuning import GC_THRESHOLD, StemOnce


def test_the_cached_stemmer_stems_as_sphinx_does():
    cached = type("SearchDutch", (StemOnce, SearchDutch), {"lang": "nl"})({})
    plain = SearchDutch({})
    words = ["gemeenten", "Veiligheid", "prioriteiten", "gemeenten", "ondermijning", "a"]
    assert [cached.stem(word) for word in words] == [plain.stem(word) for word in words]


def test_a_build_uses_the_cached_stemmer_and_the_larger_threshold(tmp_path):
    outdir = run(copy_root("plan", tmp_path / "src"), tmp_path / "out", freshenv=True).outdir
    assert issubclass(languages["nl"], StemOnce)
    assert issubclass(languages["nl"], SearchDutch)
    assert gc.get_threshold()[0] >= GC_THRESHOLD
    assert "woninginbraak" in (outdir / "searchindex.js").read_text(encoding="utf-8")


def test_pybtex_finds_each_plugin_as_before_and_asks_the_installed_packages_once():
    from importlib.metadata import entry_points

    import pybtex.plugin as plugins

    from jointplan.tuning import look_plugins_up_once
    look_plugins_up_once()
    look_plugins_up_once()  # a second application in the same process
    assert plugins.entry_points.__wrapped__ is entry_points
    plugins.entry_points.cache_clear()
    for group, name in [("pybtex.style.formatting", "plain"), ("pybtex.style.labels", "alpha"),
                        ("pybtex.style.names", "plain"), ("pybtex.style.sorting", "none")]:
        expected = next(iter(entry_points(group=group, name=name))).load()
        assert plugins.find_plugin(group, name) is expected
        assert plugins.find_plugin(group, name) is expected
    assert plugins.entry_points.cache_info().misses == 4
    assert plugins.entry_points.cache_info().hits == 4
