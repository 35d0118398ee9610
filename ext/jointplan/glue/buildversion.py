"""The version this build is, from git, asked once when the build starts.

``config-inited``: ``release`` and ``version`` come from git
(:mod:`jointplan.plan.versions`) unless conf.py sets them: "1.0" for a build of
tag v1.0, "ontwikkelversie (<commit>)" otherwise. The site's banner, the PDF
covers and metadata show it; the domain checks adopted versions against the
release tags read here.
"""

from __future__ import annotations

from pathlib import Path
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.config import Config

from ..plan import versions, words

#: What git says of each build, asked once when it starts: its version and the
#: release tags (None outside git); by configuration, which builders and
#: handlers share.
_asked: WeakKeyDictionary[Config, tuple[versions.Version, dict | None]] = WeakKeyDictionary()


def set_release(app: Sphinx, config: Config) -> None:
    """``config-inited``: the version this build is, from git."""
    tags = versions.tags(Path(app.confdir))
    version = versions.current(Path(app.confdir), Path(app.srcdir), tags)
    _asked[config] = version, tags
    if not config.release:
        config.release = config.version = words.version_label(version)
    if config.jointplan_versions_json and config.html_theme == "pydata_sphinx_theme":
        add_version_switcher(config, version)


def add_version_switcher(config: Config, version: versions.Version) -> None:
    """The theme's version switcher, fed by the published site's list of versions.

    The list is written when a version is published (scripts/publish_site.py);
    the theme resolves a relative address against the version's root. It is
    not there at build time, so the theme must not try to read it then.
    """
    options = dict(config.html_theme_options)
    options["switcher"] = {"json_url": config.jointplan_versions_json,
                           "version_match": version.slug}
    options["check_switcher"] = False
    end = list(options.get("navbar_end", ["theme-switcher", "navbar-icon-links"]))
    if "version-switcher" not in end:
        end.insert(0, "version-switcher")
    options["navbar_end"] = end
    config.html_theme_options = options


def of(config: Config) -> versions.Version:
    return _asked[config][0] if config in _asked else versions.Version(None)


def release_tags(config: Config) -> dict[str, versions.Tag] | None:
    """The repository's release tags when this build started; None outside git."""
    return _asked[config][1] if config in _asked else None
