"""The plan's versions: a release is a git tag ``v<number>`` (v1.0, v1.1, v2.0).

Councils adopt a document, not a repository. A tag names the text a council
voted on, so everything that tells the reader which version they have (the
site's banner and version switcher, the PDF covers and metadata) is asked of
git, never taken from a number typed into conf.py: a build of a tagged commit
is that release, any other build is the development version of its commit.

Plain Python: git is asked through :func:`git`, which answers None outside a
repository (a copy of the plan without its history), so every caller has an
answer for "not known".
"""

from __future__ import annotations

import datetime
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: What a release tag looks like. Other tags (e.g. "raadsvoorstel") are ignored.
TAG_PATTERN = re.compile(r"v\d+(?:\.\d+)*")


def git(folder: Path, *args: str, binary: bool = False):
    """git's output in ``folder`` (bytes if ``binary``, e.g. an archive), or None
    when git or the repository is missing."""
    try:
        result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                                text=not binary, timeout=300, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def version_key(name: str) -> tuple[int, ...]:
    """'v1.10' sorts after 'v1.9'."""
    return tuple(int(part) for part in name[1:].split("."))


@dataclass(frozen=True)
class Tag:
    """A release: a tag ``v<number>`` on a commit."""

    name: str  # "v1.0"
    commit: str  # full hash of the tagged commit
    timestamp: int  # tagger date of an annotated tag, else the commit's date

    @property
    def number(self) -> str:
        """What the reader sees: "1.0"."""
        return self.name[1:]

    @property
    def date(self) -> datetime.date:
        return datetime.datetime.fromtimestamp(self.timestamp, datetime.UTC).date()


@dataclass(frozen=True)
class Version:
    """The version a build shows: a release, or the development version of a commit."""

    tag: Tag | None
    commit: str = ""  # short hash; "" outside git
    modified: bool = False  # uncommitted changes in the working tree
    timestamp: int | None = None  # when the text was fixed (see :func:`current`)

    @property
    def slug(self) -> str:
        """The version's folder on the published site: "v1.0", or "dev"."""
        return self.tag.name if self.tag else "dev"


def tags(folder: Path) -> dict[str, Tag] | None:
    """Every release tag of the repository holding ``folder``; None outside git."""
    output = git(folder, "for-each-ref", "refs/tags",
                 "--format=%(refname:strip=2)%00%(*objectname)%00%(objectname)"
                 "%00%(creatordate:unix)")
    if output is None:
        return None
    found = {}
    for line in output.splitlines():
        name, peeled, target, stamp = line.split("\0")
        if TAG_PATTERN.fullmatch(name) and stamp.isdigit():
            # An annotated tag points at a tag object; *objectname is its commit.
            found[name] = Tag(name, peeled or target, int(stamp))
    return dict(sorted(found.items(), key=lambda item: version_key(item[0])))


def current(folder: Path, sources: Path, all_tags: dict[str, Tag] | None) -> Version:
    """The version a build of ``folder`` (conf.py's folder) is, given its :func:`tags`.

    The tagged release when HEAD carries a release tag and nothing is modified;
    else the development version of HEAD. Its timestamp, the date on the covers
    and in the PDFs, is the tag's date for a release and otherwise the last
    commit that changed ``sources`` (so a rebuild gives the same bytes).
    """
    head = git(folder, "rev-parse", "HEAD")
    if head is None:
        return Version(None)
    head = head.strip()
    modified = bool(git(folder, "status", "--porcelain", "--untracked-files=no"))
    on_head = [tag for tag in (all_tags or {}).values() if tag.commit == head]
    if on_head and not modified:
        release = on_head[-1]
        return Version(release, head[:7], False, release.timestamp)
    stamp = (git(sources, "log", "-1", "--format=%ct", "--", ".") or "").strip()
    return Version(None, head[:7], modified, int(stamp) if stamp.isdigit() else None)


def previous(all_tags: dict[str, Tag], name: str) -> Tag | None:
    """The release before ``name`` (by number), or None for the first."""
    earlier = [tag for tag in all_tags.values() if version_key(tag.name) < version_key(name)]
    return earlier[-1] if earlier else None


def show(folder: Path, ref: str, path: str) -> str | None:
    """The text of ``path`` (relative to the repository's top) at ``ref``, or None."""
    return git(folder, "show", f"{ref}:{path}")


def changed_paths(folder: Path, ref: str, paths: list[str]) -> set[str] | None:
    """Which of ``paths`` differ between ``ref`` and the working tree (repository-relative)."""
    output = git(folder, "diff", "--name-only", "--no-renames", ref, "--", *paths)
    return None if output is None else set(output.splitlines())


def top(folder: Path) -> Path | None:
    output = git(folder, "rev-parse", "--show-toplevel")
    return Path(output.strip()) if output else None
