"""The shape of the package: small modules and functions, an import graph without cycles or
upward imports, a figure that never loads folium, and types that mypy accepts."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ftzgeo"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80  # statements, the docstring aside


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: str, path: Path) -> list[tuple[str, bool]]:
    """(imported ftzgeo module, at module level?) for every import in `module`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(n) for n in tree.body}
    # Imports under `if TYPE_CHECKING:` never run.
    typing_only = {
        id(sub)
        for n in tree.body
        if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)
        for sub in ast.walk(n)
    }
    out = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node, path.name == "__init__.py")
            for alias in node.names:
                full = f"{base}.{alias.name}"
                targets.append(full if full in MODULES else base)
        for target in targets:
            if target.startswith("ftzgeo"):
                while target not in MODULES and "." in target:
                    target = target.rsplit(".", 1)[0]
                out.append((target, id(node) in top))
    return out


GRAPH = {m: _imports(m, p) for m, p in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_and_functions_are_small(module):
    path = MODULES[module]
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{module} has over {MAX_MODULE_LINES} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            doc = body[0] if body and isinstance(body[0], ast.Expr) else None
            doc_lines = 0
            if (
                doc is not None
                and isinstance(doc.value, ast.Constant)
                and isinstance(doc.value.value, str)
            ):
                doc_lines = doc.end_lineno - doc.lineno + 1
            lines = node.end_lineno - node.lineno + 1 - doc_lines
            assert lines <= MAX_FUNCTION_LINES, f"{module}.{node.name} has {lines} lines"


def test_the_import_graph_has_no_cycle():
    """Module-level imports between ftzgeo modules form no cycle (a package's own __init__
    importing its parts is the one allowed direction)."""
    edges = {
        m: {t for t, top in imps if top and t != m and not m.startswith(t + ".")}
        for m, imps in GRAPH.items()
    }
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module)


def test_no_upward_imports():
    """Nothing imports the CLI, and only the CLI (and the package itself) uses the package face."""
    for module, imps in GRAPH.items():
        for target, _top in imps:
            if target == "ftzgeo.cli":
                assert module in ("ftzgeo", "ftzgeo.__main__"), f"{module} imports the CLI"
            if target == "ftzgeo" and module not in ("ftzgeo", "ftzgeo.cli", "ftzgeo.__main__"):
                raise AssertionError(f"{module} imports the package face `ftzgeo`")
            if module.startswith("ftzgeo.maps.") and target == "ftzgeo.maps":
                raise AssertionError(f"{module} imports its own package face")


def test_maps_do_not_route():
    """Drawing modules import no network or routing code; flows route a plain table through
    ``routing.flow_lines`` at call time, the one exception."""
    allowed = {("ftzgeo.maps.flowmap", "ftzgeo.routing.flows")}
    for module, imps in GRAPH.items():
        if not module.startswith("ftzgeo.maps"):
            continue
        for target, top in imps:
            if target.startswith(("ftzgeo.network", "ftzgeo.routing")):
                assert not top and (module, target) in allowed, f"{module} imports {target}"


@pytest.mark.parametrize(
    ("module", "absent"),
    [
        ("ftzgeo.maps.figure", ("folium", "branca", "networkx")),
        ("ftzgeo.static", ("folium", "branca", "networkx")),
        ("ftzgeo", ("folium", "networkx", "dask", "matplotlib")),
    ],
)
def test_light_imports(module, absent):
    code = f"import sys, {module}; print(','.join(m for m in {absent!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import {module} loaded {out.stdout.strip()}"


def test_mypy_is_clean():
    pytest.importorskip("mypy", reason="mypy is installed by the test extra")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
