"""The package as a maintainer sees it: layers, a light core, declared dependencies, the
README's module table."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from utils import REPO, ROOTS

PACKAGE = REPO / "ext" / "jointplan"

#: The layers, each importing only those before it (README, jointplan/__init__.py).
LAYERS = ["plan", "checks", "glue", "history", "site", "pdf"]


def modules() -> dict[str, Path]:
    """Dotted name -> file of every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported_from(node: ast.ImportFrom, parent: str) -> str:
    """The absolute name of the module a ``from ... import`` names."""
    if not node.level:
        return node.module or ""
    parts = parent.split(".")
    return ".".join(parts[:len(parts) - node.level + 1] + ([node.module] if node.module else []))


def imports(name: str, source: str, package: bool = False) -> set[str]:
    """The modules of jointplan that a module's source imports (anywhere in it)."""
    parent = name if package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = imported_from(node, parent)
            found.add(base)
            # `from . import words` imports a module, not a name
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {module for module in found if module.split(".")[0] == "jointplan"}


def upward_imports(name: str, source: str, package: bool = False) -> list[str]:
    known = modules()
    found = []
    for imported in imports(name, source, package):
        # A name imported from a module is not a module; the package's root
        # loads the hub inside setup() only, and every module may read its
        # __version__.
        if imported in known and "jointplan" not in (imported, name) \
                and rank(imported) > rank(name):
            found.append(f"{name} imports {imported}")
    return found


def rank(module: str) -> int:
    """A module's layer: the layers in order, then extension.py (and tuning, an
    extension of its own) on top."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    if module in ("jointplan", "jointplan.extension", "jointplan.tuning"):
        return len(LAYERS)
    raise AssertionError(f"{module} belongs to no layer; put it in one (README)")


def test_layers_import_only_downwards():
    upwards = [found for name, path in modules().items()
               for found in upward_imports(name, path.read_text(encoding="utf-8"),
                                           path.name == "__init__.py")]
    assert not upwards


def test_the_layer_check_sees_an_upward_import():
    assert upward_imports("jointplan.plan.model", "from . import words\n") == []
    assert upward_imports("jointplan.plan.model", "from ..glue.domain import ivp\n") == [
        "jointplan.plan.model imports jointplan.glue.domain"]
    assert upward_imports("jointplan.glue.tables", "import jointplan.pdf.escape\n") == [
        "jointplan.glue.tables imports jointplan.pdf.escape"]


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name != "_"


def private_uses(name: str, source: str, package: bool = False) -> list[str]:
    """What a module uses of another module's private names (a leading underscore):
    imported (``from .views import _built``) or read from an imported module
    (``views._built``, ``jointplan.plan.views._built``)."""
    parent = name if package else name.rpartition(".")[0]
    tree = ast.parse(source)
    found = []
    local: dict[str, str] = {}  # local name -> the module of the package it is
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = imported_from(node, parent)
            if base.split(".")[0] != "jointplan" or base == name:
                continue
            for alias in node.names:
                if private(alias.name):
                    found.append(f"{name} imports {base}.{alias.name}")
                local[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "jointplan":
                    local[alias.asname or alias.name] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr):
            owner = ast.unparse(node.value)
            if owner in local or (owner.split(".")[0] == "jointplan" and "jointplan" in local):
                found.append(f"{name} uses {local.get(owner, owner)}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    uses = [found for name, path in modules().items()
            for found in private_uses(name, path.read_text(encoding="utf-8"),
                                      path.name == "__init__.py")]
    assert not uses, "make the name public (and document it), or keep its use in its module"


def test_the_private_name_check_sees_an_import_and_an_attribute():
    assert private_uses("jointplan.glue.tables", "from ..plan.views import _built\n") == [
        "jointplan.glue.tables imports jointplan.plan.views._built"]
    assert private_uses("jointplan.glue.tables", "from ..plan import views\nviews._built\n") \
        == ["jointplan.glue.tables uses jointplan.plan.views._built"]
    assert private_uses("jointplan.site.pages",
                        "import jointplan.plan.views\njointplan.plan.views._built\n") == [
        "jointplan.site.pages uses jointplan.plan.views._built"]
    # its own private names, a translation function and dunders are no such use
    assert private_uses("jointplan.plan.views", "_built = {}\n_built.clear()\n"
                        "from sphinx.locale import _\nfrom . import __version__\n") == []


#: Sphinx, docutils and BeautifulSoup made unimportable, as in a plain Python.
BLOCKER = textwrap.dedent("""
    import sys
    BLOCKED = ("sphinx", "docutils", "bs4", "sphinx_design", "myst_parser", "pybtex")

    class Blocker:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"blocked: {name}")
            return None

    sys.meta_path.insert(0, Blocker())
""")


def test_the_plan_layer_imports_without_sphinx_docutils_or_bs4():
    code = BLOCKER + textwrap.dedent("""
        import jointplan, jointplan.plan.model, jointplan.plan.views, jointplan.plan.words
        import jointplan.plan.versions
        from jointplan.plan.decisions import Register
        from jointplan.plan.model import Plan
        from jointplan.plan import views
        print(views.status(Register(Plan().ordered_municipalities)))
        try:
            import sphinx
        except ModuleNotFoundError:
            print("blocked")
        print(sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "StatusView(text='', draft=False, councils=())", "blocked", "[]"]


def declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.split(r"[<>=!~;\[ ]", requirement)[0].lower().replace("_", "-")
            for requirement in project["dependencies"]}


#: Namespace packages: many distributions share the top-level name.
NAMESPACES = {"sphinxcontrib"}


def test_everything_the_extension_imports_is_a_declared_dependency():
    distributions = importlib.metadata.packages_distributions()
    needed = set()
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                imported = [node.module]
            else:
                continue
            for module in imported:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top in ("jointplan", "__future__"):
                    continue
                if top in NAMESPACES:  # sphinxcontrib.bibtex is sphinxcontrib-bibtex
                    needed.add((f"{top}-{module.split('.')[1]}", name))
                    continue
                needed.update((d.lower().replace("_", "-"), name)
                              for d in distributions.get(top, [top]))
    missing = sorted({f"{dist} (by {module})" for dist, module in needed
                      if dist not in declared()})
    assert not missing


@pytest.mark.venv
def test_a_fresh_environment_with_only_the_declared_dependencies_builds_the_test_plan(
        tmp_path):
    """What a user gets from `pip install jointplan`: the locked versions of the
    declared dependencies, from pip's cache where it has them."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-c", str(REPO / "requirements.lock"), *sorted(declared())],
                   check=True)
    # Built in isolation: the setuptools of pyproject's build-system, not the venv's.
    subprocess.run([*pip, "--no-deps", "-e", str(REPO)], check=True)
    frozen = subprocess.run([python, "-m", "pip", "freeze", "--exclude-editable"],
                            capture_output=True, text=True, check=True).stdout
    assert "pydata-sphinx-theme" not in frozen.lower()  # the site's theme is conf.py's
    for builder in ("html", "pdf"):
        result = subprocess.run(
            [python, "-m", "sphinx", "-q", "-b", builder, "-D", "jointplan_pdf_editions=plan",
             str(ROOTS / "test-plan"), str(tmp_path / builder)],
            capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "html" / "shared" / "overlap.html").is_file()
    assert (tmp_path / "pdf" / "plan.pdf").is_file()


def readme_modules() -> dict[str, str]:
    """The README's module table: path (relative to ext/jointplan) -> what it does."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text.split("## The extension (`ext/jointplan`)", 1)[1].split("\n### ", 1)[0]
    return {match["path"]: match["what"] for match in re.finditer(
        r"^\| `(?P<path>[\w/.]+)` \| (?P<what>.+) \|$", table, re.MULTILINE)}


def test_the_readme_lists_every_module():
    listed = readme_modules()
    files = {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
             if path.name != "__init__.py" or path.read_text(encoding="utf-8").strip()
             .count("\n") > 1}
    assert sorted(files - listed.keys()) == [], "modules the README's table lacks"
    assert sorted(listed.keys() - files - {"pdf/jointplan.typ"}) == [], \
        "README entries for modules that do not exist"
    assert all(len(what) > 20 for what in listed.values())
