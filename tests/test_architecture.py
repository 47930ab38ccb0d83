"""The package's shape, as issue 16 fixed it: a few top-level modules, stage subpackages, no import cycles.

The import graph is grimp's, which counts every import a module makes: those inside functions and those under
``TYPE_CHECKING`` too, since each ties the two modules together just the same.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cmclaims

PACKAGE = Path(cmclaims.__file__).parent
DESIGN = Path(__file__).parents[1] / "docs" / "design.md"
MAX_TOP_LEVEL_MODULES = 10


def _subpackages() -> list[Path]:
    return sorted(init.parent for init in PACKAGE.rglob("__init__.py") if init.parent != PACKAGE)


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's components of more than one module (or of one importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_tarjan_finds_a_cycle_and_nothing_else():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert sorted(_strongly_connected(graph)) == [["a", "b", "c"], ["e"]]
    assert _strongly_connected({"a": {"b"}, "b": set()}) == []


def test_no_module_takes_part_in_an_import_cycle():
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("cmclaims", cache_dir=None)
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    assert _strongly_connected(imports) == []


def test_at_most_ten_modules_sit_at_the_top():
    modules = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(modules) <= MAX_TOP_LEVEL_MODULES, modules


def test_every_subpackage_says_what_lives_in_it():
    for package in _subpackages():
        tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
        docstring = ast.get_docstring(tree)
        assert docstring and len(docstring.split()) >= 8, f"{package.relative_to(PACKAGE)} has no package docstring"


# Packages that are modules in their own right: the lexicon loader, and the report writer with its pages.
_PACKAGES_WITH_CODE = {"lexicons", "views/report"}


def test_stage_package_init_files_import_nothing():
    """``import cmclaims.<stage>.<module>`` runs the stage's ``__init__``: it must cost nothing."""
    for package in _subpackages():
        relative = package.relative_to(PACKAGE).as_posix()
        if relative in _PACKAGES_WITH_CODE:
            continue
        tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
        imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
        assert imports == [], f"{relative}/__init__.py imports"


def test_the_design_map_names_every_subpackage_and_module():
    """docs/design.md's map of the tree matches the folders."""
    design = DESIGN.read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_/]+(?:\.py|/))`", design))
    for package in _subpackages():
        relative = package.relative_to(PACKAGE).as_posix() + "/"
        assert relative in named, f"docs/design.md does not map {relative}"
    for module in PACKAGE.rglob("*.py"):
        if module.name == "__init__.py":
            continue
        relative = module.relative_to(PACKAGE).as_posix()
        assert relative in named, f"docs/design.md does not map {relative}"
    repository = DESIGN.parents[1]
    for name in named:
        if name.endswith((".py", "/")) and "/" in name:
            assert (PACKAGE / name).exists() or (repository / name).exists(), f"docs/design.md maps {name}: gone"


def test_ruff_finds_nothing_in_the_package():
    """The style is ruff's, configured in pyproject.toml; CI holds the package to it."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (it comes with the test extra)")
    result = subprocess.run([ruff, "check", "--no-cache", str(PACKAGE)], capture_output=True, text=True,
                            cwd=DESIGN.parents[1], check=False)
    assert result.returncode == 0, result.stdout[-4000:]
