"""Source files Sphinx cannot read: reported and skipped instead of a crash.

Sphinx 9 reads every document as strict UTF-8 and stops the whole build with a
traceback at the first file saved in another encoding (as an editor on a
council laptop may do). Before reading, each file to be read is decoded once;
one that fails gets a located warning and is left out of this build.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .warnings import PlanWarning, warn


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
                 f"this file is not valid {name} (byte 0x{data[error.start]:02x} on this "
                 f"line) and was not read; save it as {name} in your editor.",
                 (docname, line))
            # Left out as if it did not exist: references to it are reported.
            docnames.remove(docname)
            env.found_docs.discard(docname)
