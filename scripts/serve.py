"""make serve: the live preview, rebuilt in this process on every save.

sphinx-autobuild starts a new Python for every rebuild (``python -m sphinx``,
from a new worker process): Sphinx, MyST, the theme and the extension are
imported again and the environment is unpickled again, on every save, before
the one changed chapter is read. Here one Sphinx application is kept and
built again (incrementally) in one worker thread; sphinx-autobuild's own
server, file watcher and browser reload are used as they are. A change of
``conf.py`` or of the extension's code starts the whole process again (its
modules are loaded once).

    python scripts/serve.py [--port 8000] [-D name=value ...] CONFDIR SOURCEDIR OUTDIR
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import uvicorn
import watchfiles
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils
from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

EXTENSION = Path(__file__).resolve().parent.parent / "ext"
# The browser reloads the page when told so; a file of the site's own host, as
# the pages' Content-Security-Policy (jointplan.site.privacy) allows no inline script.
RELOAD_PATH = "/_preview/reload.js"
RELOAD_SCRIPT = ("const socket = new WebSocket(`ws://${location.host}/websocket-reload`);\n"
                 "socket.onmessage = () => window.location.reload();\n")


class ReloadScript(JavascriptInjectorMiddleware):
    """sphinx-autobuild's injector, with a script element that loads RELOAD_PATH."""

    def __init__(self, app, ws_url: str) -> None:
        super().__init__(app, ws_url)
        self.script = f'<script src="{RELOAD_PATH}"></script>'.encode()


def reload_script(request) -> Response:
    return Response(RELOAD_SCRIPT, media_type="text/javascript")


class Builder:
    """One Sphinx application, built again on each change."""

    def __init__(self, confdir: Path, srcdir: Path, outdir: Path, overrides: dict):
        self.args = (confdir, srcdir, outdir, overrides)
        self.app: Sphinx | None = None

    def __call__(self, *, changed_paths) -> None:
        if any(path.name == "conf.py" or EXTENSION in path.parents for path in changed_paths):
            print("Configuratie of extensie gewijzigd: de voorvertoning start opnieuw.",
                  flush=True)
            os.execv(sys.executable, [sys.executable, *sys.argv])
        started = time.monotonic()
        confdir, srcdir, outdir, overrides = self.args
        try:
            if self.app is None:
                self.app = Sphinx(srcdir, confdir, outdir, outdir / ".doctrees", "html",
                                  confoverrides=overrides, status=io.StringIO(),
                                  warning=sys.stderr, freshenv=False)
            self.app.build()
        except Exception as error:
            print(f"De voorvertoning kon niet worden gebouwd: {error}", flush=True)
            self.app = None
            return
        print(f"Bijgewerkt in {time.monotonic() - started:.2f} s.", flush=True)


class InProcessServer(RebuildServer):
    """sphinx-autobuild's server, building in one thread of this process."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.worker = ThreadPoolExecutor(max_workers=1)

    async def watch(self) -> None:
        # step: how long the watcher waits for more changes of the same save.
        async for changes in watchfiles.awatch(
                *self.paths, watch_filter=lambda _change, path: not self.ignore(path),
                debounce=400, step=20):
            changed = [Path(path).resolve() for _change, path in changes]
            await asyncio.get_running_loop().run_in_executor(
                self.worker, lambda: self.change_callback(changed_paths=changed))  # noqa: B023
            self.flag.set()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("confdir", type=Path)
    parser.add_argument("srcdir", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("-D", dest="overrides", action="append", default=[],
                        metavar="NAME=VALUE")
    options = parser.parse_args(argv)
    confdir, srcdir, outdir = (p.resolve() for p in (options.confdir, options.srcdir,
                                                     options.outdir))
    outdir.mkdir(parents=True, exist_ok=True)
    overrides = dict(item.split("=", 1) for item in options.overrides)
    builder = Builder(confdir, srcdir, outdir, overrides)
    # Editors' temporary files, and Python's compiled modules (written when any
    # process imports the extension) are no change of the plan.
    ignore = IgnoreFilter([outdir], [r".*\.(swp|swx|tmp|pyc)$", r".*~$", r".*/\.#.*",
                                     r".*/__pycache__(/.*)?$"])
    server = InProcessServer([srcdir, confdir / "conf.py", EXTENSION], ignore, builder)
    url = f"{options.host}:{options.port}"
    # As sphinx-autobuild's own application, with this server.
    app = Starlette(
        routes=[WebSocketRoute("/websocket-reload", server, name="reload"),
                Route(RELOAD_PATH, reload_script),
                Mount("/", app=StaticFiles(directory=outdir, html=True), name="static")],
        middleware=[Middleware(ReloadScript, ws_url=url)],
        lifespan=server.lifespan)
    # Sphinx registers its directives and roles in docutils for as long as the
    # application lives (sphinx-build does the same around one build).
    with patch_docutils(confdir), docutils_namespace():
        server.worker.submit(builder, changed_paths=()).result()
        print(f"Voorvertoning op http://{url} (stoppen: Ctrl+C)", flush=True)
        uvicorn.run(app, host=options.host, port=options.port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1:])
