"""jointplan: a joint municipal plan as a Sphinx extension.

Adds the ``ivp`` domain (municipalities, the priority catalogue, choices),
generated overlap tables, the ``priorities.json`` export, the site's status
and the ``pdf`` builder.

The package is layered; each layer imports only the ones above it in this list:

- :mod:`jointplan.plan`: the plan itself (model, views, words, versions); plain Python
- :mod:`jointplan.checks`: checks of the sources and the one warning helper
- :mod:`jointplan.glue`: the Sphinx glue (directives, domain, generated tables)
- :mod:`jointplan.history`: releases and change reports
- :mod:`jointplan.site`: the HTML site's status, links and fixes
- :mod:`jointplan.pdf`: the ``pdf`` builder (Typst)

Importing the package loads nothing of Sphinx: ``jointplan.plan`` works in a
Python without it. ``setup()`` loads the glue.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

try:
    __version__ = version("jointplan")
except PackageNotFoundError:  # run from a source tree that is not installed
    __version__ = "0+unknown"


def setup(app: Sphinx) -> dict[str, Any]:
    from .extension import setup_extension

    return setup_extension(app)
