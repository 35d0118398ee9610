"""make serve: the live preview, rebuilt in this process on every save.

sphinx-autobuild starts a new Python for every rebuild (``python -m sphinx``,
from a new worker process): Sphinx, MyST, the theme and the extension are
imported again and the environment is unpickled again, on every save, before
the one changed chapter is read. Here one Sphinx application is kept and
built again (incrementally) in one worker thread; sphinx-autobuild's own
server, file watcher and browser reload are used as they are. A change of
``conf.py`` or of the extension's code starts the whole process again (its
modules are loaded once).

A save should reach the browser quickly (issue 21: at most 0.5 s for a prose
edit of a chapter; ``bench/serve_latency.py``), so each rebuild skips what
the changed page does not need, and the page written is the one ``make html``
writes (``tests/test_serve.py``):

- the pages whose toctree lists a page read again (Sphinx writes them all
  again, in case its title changed) are written only when the title or the
  sections of a page read again changed;
- the static files are copied again only when one of them changed;
- the search index and the object inventory, which do not change the pages,
  are written after the browser was told to reload, before the next rebuild.

One repair, as the application is built more than once: Sphinx adds the
scripts and styles a page asked for (``app.add_js_file`` at
``html-page-context``, as the theme does for the page's name) to every page
of the next build; the application's own are put back before each build.

    python scripts/serve.py [--port 8000] [-D name=value ...] CONFDIR SOURCEDIR OUTDIR
"""

from __future__ import annotations

import argparse
import asyncio
import functools
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


def toc_state(env, docname: str) -> tuple:
    """What a toctree that lists this page shows of it: its title and sections."""
    return (env.titles[docname].astext() if docname in env.titles else None,
            env.tocs[docname].pformat() if docname in env.tocs else None,
            env.toc_secnumbers.get(docname), env.toc_fignumbers.get(docname))


class Builder:
    """One Sphinx application, built again on each change."""

    def __init__(self, confdir: Path, srcdir: Path, outdir: Path, overrides: dict):
        self.args = (confdir, srcdir, outdir, overrides)
        self.app: Sphinx | None = None
        #: Work done after the browser was told to reload (see after_reload).
        self.deferred: list = []
        #: Before reading: toc_state of each page about to be read again.
        self.toc_before: dict[str, tuple] = {}
        self.read_now: set[str] = set()
        #: Toctree parents left out of this build's writing, restored after it.
        self.hidden: dict[str, set[str]] = {}
        self.static_changed = True
        #: The application's own scripts and styles, before any page added its own.
        self.assets: tuple[list, list] | None = None

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
                self.install(self.app)
            self.static_changed = self.app.builder.name != "html" or not changed_paths or any(
                Path(confdir, folder).resolve() in path.parents
                for folder in [*self.app.config.html_static_path,
                               *self.app.config.html_extra_path]
                for path in changed_paths)
            try:
                self.app.build()
            finally:
                self.app.env.files_to_rebuild.update(self.hidden)
                self.hidden = {}
        except Exception as error:
            print(f"De voorvertoning kon niet worden gebouwd: {error}", flush=True)
            self.app = None
            self.deferred, self.assets = [], None
            return
        print(f"Bijgewerkt in {time.monotonic() - started:.2f} s.", flush=True)

    def after_reload(self) -> None:
        """The work the served pages do not wait for (in the same worker thread, so
        it is done before the next rebuild starts)."""
        work, self.deferred = self.deferred, []
        try:
            for task in work:
                task()
        except Exception as error:
            print(f"De voorvertoning kon niet worden afgemaakt: {error}", flush=True)
            self.app = None

    def install(self, app: Sphinx) -> None:
        """This process's shortcuts (see the module's docstring)."""
        app.connect("env-before-read-docs", self.note_tocs)
        app.connect("write-started", self.hide_unchanged_parents)
        app.connect("write-started", self.forget_page_assets)
        builder = app.builder
        if builder.name != "html":
            return
        for name in ("dump_search_index", "dump_inventory"):
            task = getattr(builder, name)
            setattr(builder, name, lambda *args, task=task: self.deferred.append(
                functools.partial(task, *args)))
        copy_static_files = builder.copy_static_files

        def copy_changed_static_files() -> None:
            if self.static_changed:
                copy_static_files()
        builder.copy_static_files = copy_changed_static_files

    def note_tocs(self, app: Sphinx, env, docnames: list[str]) -> None:
        self.read_now = set(docnames)
        self.toc_before = {docname: toc_state(env, docname) for docname in docnames
                           if docname in env.titles}

    def forget_page_assets(self, app: Sphinx, builder) -> None:
        """``write-started``: the scripts and styles pages asked for in the previous
        build are not every page's (Sphinx keeps them in the application's registry,
        and the builder takes the registry's as its own in ``prepare_writing``)."""
        registry = app.registry
        if self.assets is None:
            self.assets = (list(registry.js_files), list(registry.css_files))
        else:
            registry.js_files[:], registry.css_files[:] = map(list, self.assets)
        for kind in ("js", "css"):
            own = getattr(builder, f"_orig_{kind}_files", None)
            if own is not None:
                getattr(builder, f"_{kind}_files")[:] = own

    def hide_unchanged_parents(self, app: Sphinx, builder) -> None:
        """``write-started``: Sphinx writes every page whose toctree lists a page to
        write; only a page read again whose title or sections changed (or a new one)
        can change what those show."""
        env = app.env
        for docname in list(env.files_to_rebuild):
            read = docname in self.read_now
            if not read or (docname in self.toc_before
                            and toc_state(env, docname) == self.toc_before[docname]):
                self.hidden[docname] = env.files_to_rebuild.pop(docname)
        self.read_now, self.toc_before = set(), {}


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
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(
                self.worker, lambda: self.change_callback(changed_paths=changed))  # noqa: B023
            self.flag.set()
            # After the reload: what no page waits for.
            await loop.run_in_executor(self.worker, self.change_callback.after_reload)


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
        server.worker.submit(builder.after_reload).result()
        print(f"Voorvertoning op http://{url} (stoppen: Ctrl+C)", flush=True)
        uvicorn.run(app, host=options.host, port=options.port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1:])
