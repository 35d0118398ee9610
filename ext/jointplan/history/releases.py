"""What changed since a council adopted a release.

- ``env-updated``: for every council that adopted a known release, whether the
  text of its edition (every chapter but the other councils' own, the
  bibliography, and the other chapters' declarations, which feed the overlap
  tables) differs now from that release. Stored in the environment, so that
  when the answer changes, that council's chapter is rewritten.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..plan import versions
from ..glue import decisions
from ..glue.buildversion import release_tags
from ..glue.domain import ivp
from ..plan.model import Municipality

# -- what changed since a council adopted -------------------------------------------

#: The opening line of a plan directive (``:::{ivp:choice} drugs`` or with backticks).
DIRECTIVE = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})\{ivp:[\w-]+\}")
OPTION = re.compile(r"^\s*:[\w-]+:")
#: The records of the decisions themselves: writing down that a council adopted
#: a release, or the amendments it adopted with it, does not change the text it
#: adopted. The options of a declaration, and a whole ``ivp:decision`` or
#: ``ivp:amendment`` block (its fence, options, content and closing fence).
ADOPTION_RECORD = re.compile(r"^\s*:(?:college|council)-(?:decision|version):.*$", re.MULTILINE)
RECORD_BLOCK = re.compile(
    r"^[ \t]*(?P<fence>`{3,}|:{3,})\{ivp:(?:decision|amendment)\}.*?^[ \t]*(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL)


def without_records(text: str) -> str:
    """The text without the records of decisions and amendments on it."""
    return ADOPTION_RECORD.sub("", RECORD_BLOCK.sub("", text))


def declarations(text: str) -> list[str]:
    """A chapter's plan directives with their options: what other pages show of it.

    The overlap tables show who chose what, by name and title, not the
    chapters' prose; so another council's chapter matters to an edition only
    through these lines.
    """
    found, lines = [], without_records(text).splitlines()
    for number, line in enumerate(lines):
        if DIRECTIVE.match(line):
            block = [line.strip()]
            for option in lines[number + 1:]:
                if not OPTION.match(option):
                    break
                if not ADOPTION_RECORD.match(option):
                    block.append(" ".join(option.split()))
            found.append("\n".join(block))
    return found


def same_text(old: str | None, new: str | None) -> bool:
    """Equal up to line wrapping and spacing, which the reader does not see."""
    if old is None or new is None:
        return old is new
    return without_records(old).split() == without_records(new).split()


def edition_changed(top: Path, tag: str, own: list[str], others: list[str],
                    candidates: set[str] | None = None) -> bool | None:
    """Whether the files of an edition differ between ``tag`` and the working tree.

    ``own`` are repository paths of what the edition prints in full; of
    ``others`` (the other councils' chapters) only the declarations count.
    ``candidates``: the paths git already said differ since ``tag`` (several
    editions are compared with one release). None when git cannot tell.
    """
    if candidates is None:
        candidates = versions.changed_paths(top, tag, own + others)
    if candidates is None:
        return None
    for path in sorted(candidates & {*own, *others}):
        old = versions.show(top, tag, path)
        file = top / path
        new = file.read_text(encoding="utf-8", errors="replace") if file.is_file() else None
        if path in others:
            if declarations(old or "") != declarations(new or ""):
                return True
        elif not same_text(old, new):
            return True
    return False


def repository_path(top: Path, path: Path) -> str | None:
    """``path`` relative to the repository's top, or None when it lies outside."""
    try:
        return path.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return None


def adopted_text_changed(app: Sphinx, env: BuildEnvironment) -> dict[str, bool]:
    """Municipality id -> whether its edition changed since the release its council adopted.

    Only councils whose adopted release exists; the others have no entry.
    """
    domain = ivp(env)
    plan = domain.plan
    # The release each council adopted, as the decisions record it.
    recorded = (decisions.as_recorded(env, m) for m in plan.ordered_municipalities)
    adopted = [m for m in recorded if m.adopted_release]
    if not adopted:
        return {}
    top = versions.top(Path(env.srcdir))
    if top is None:
        return {}
    known = release_tags(app.config) or {}
    chapters = set(domain.municipality_chapters())
    excluded = set(app.config.jointplan_pdf_exclude)

    def paths(files) -> list[str]:
        found = (repository_path(top, Path(f)) for f in files)
        return [p for p in found if p]

    bibliography = paths(Path(app.confdir) / f
                         for f in getattr(app.config, "bibtex_bibfiles", []) or [])
    everything = paths(map(env.doc2path, sorted(env.found_docs))) + bibliography
    # Asked of git once per release, however many councils adopted it; a
    # release that is not a tag is warned by the consistency check.
    changed_since = {tag: versions.changed_paths(top, tag, everything)
                     for tag in {m.council_version for m in adopted} if tag in known}
    result = {}
    for municipality in adopted:
        if changed_since.get(municipality.council_version) is None:
            continue
        own_chapter = municipality.location.docname
        edition = [d for d in env.found_docs
                   if d not in excluded and (d not in chapters or d == own_chapter)]
        result[municipality.id] = bool(edition_changed(
            top, municipality.council_version,
            paths(map(env.doc2path, sorted(edition))) + bibliography,
            paths(map(env.doc2path, sorted(chapters - {own_chapter}))),
            changed_since[municipality.council_version]))
    return result


def note_adoption_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: remember what changed since adoption; rewrite the chapters
    whose banner says it differently now (the plan's status on every page is
    jointplan.incremental's)."""
    domain = ivp(env)
    plan = domain.plan
    changed = adopted_text_changed(app, env)
    before_changed = domain.adopted_text_changed
    domain.adopted_text_changed = changed
    if before_changed is None or before_changed == changed:
        return []
    return sorted(m.location.docname for m in plan.ordered_municipalities
                  if before_changed.get(m.id) != changed.get(m.id)
                  and m.location.docname in env.found_docs)


def since_adoption(env: BuildEnvironment, municipality: Municipality) -> bool | None:
    """Whether the text changed since the council's adopted release (None: not known)."""
    return (ivp(env).adopted_text_changed or {}).get(municipality.id)
