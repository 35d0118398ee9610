"""A chapter's source file: read safely, and searched for exact lines.

- Sphinx 9 reads every document as strict UTF-8 and stops the whole build with
  a traceback at the first file saved in another encoding (as an editor on a
  council laptop may do). Before reading, each file to be read is decoded
  once; one that fails gets a located warning and is left out of this build.
- MyST tells the extension only the line a paragraph starts on (and nothing in
  a table cell). :func:`exact_line` finds the line a piece of text stands on,
  from the document's source lines, read once per document.
"""

from __future__ import annotations

from docutils import nodes

from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.environment import BuildEnvironment

from .warnings import PlanWarning, warn

_ = get_translation("jointplan")


def skip_undecodable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    encoding = app.config.source_encoding
    name = "UTF-8" if encoding.lower().replace("_", "-").startswith("utf-8") else encoding
    for docname in list(docnames):
        path = env.doc2path(docname)
        data = path.read_bytes()
        try:
            data.decode(encoding)
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            warn(PlanWarning.ENCODING,
                 _("this file is not valid {encoding} (byte 0x{byte:02x} on this line) and "
                   "was not read; save it as {encoding} in your editor.").format(
                     encoding=name, byte=data[error.start]),
                 (docname, line))
            # Left out as if it did not exist: references to it are reported.
            docnames.remove(docname)
            env.found_docs.discard(docname)


def source_lines(env: BuildEnvironment) -> dict:
    """The current document's source lines and the positions already claimed.

    Read once per document (the state lives in ``env.ref_context``, which
    Sphinx clears after each document); shared by everything that needs a
    line the parser did not give.
    """
    state = env.ref_context.setdefault("ivp:source", {})
    if "lines" not in state:
        path = env.doc2path(env.docname)
        # errors="replace": a file that is not UTF-8 is Sphinx's to report.
        with open(path, encoding=env.settings.get("input_encoding", "utf-8-sig"),
                  errors="replace") as f:
            state["lines"], state["claimed"] = f.read().splitlines(), set()
    return state


def exact_line(env: BuildEnvironment, source: str | None, paragraph_line: int | None,
               *spellings: str) -> int | None:
    """The line a piece of text stands on, where the parser only knows its paragraph's.

    MyST gives inline roles the line where their paragraph starts; an author
    told "line 14" for a reference on line 17 has to search. Each occurrence
    is claimed once, so two identical pieces in one paragraph get their own
    lines.
    """
    if not source or not paragraph_line or source != str(env.doc2path(env.docname)):
        return paragraph_line
    state = source_lines(env)
    lines, claimed = state["lines"], state["claimed"]
    for rawtext in spellings:
        for index in range(paragraph_line - 1, len(lines)):
            column = lines[index].find(rawtext)
            while column != -1:
                if (index, column) not in claimed:
                    claimed.add((index, column))
                    return index + 1
                column = lines[index].find(rawtext, column + 1)
    return paragraph_line


def inside(node: nodes.Node, kinds: tuple[type, ...]) -> bool:
    """Whether one of ``node``'s ancestors is of one of ``kinds``."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parent
    return False
