"""The package's layers, read from its imports: no circles, and nothing imports a layer above it.

Every import counts, at module level, inside functions (lazy) and under TYPE_CHECKING: a
lazy import is still a dependency, and a circle through one is still a circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src"

#: The allowed order, lowest first: a module may import its own layer and those below it.
#: This list is the one place the order is written (docs/architecture.md explains it).
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "foundation",
        (
            "newsdigest.errors",
            "newsdigest.options",
            "newsdigest.records",
            "newsdigest.version",
            "newsdigest.linear",
            "newsdigest.lexicon",
        ),
    ),
    ("pipeline", ("newsdigest.pipeline",)),
    ("batch", ("newsdigest.batch",)),
    ("corpus", ("newsdigest.corpus",)),
    ("evaluate", ("newsdigest.evaluate",)),
    ("output", ("newsdigest.output",)),
    ("cli", ("newsdigest.cli",)),
    ("api", ("newsdigest", "newsdigest.__main__")),
]


def module_files(root: Path, package: str) -> dict[str, Path]:
    """Dotted module name → file, for every module of ``package`` under ``root``."""
    modules = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imported_modules(name: str, path: Path, known: set[str]) -> Iterator[str]:
    """The package's own modules that module ``name`` imports, anywhere in its body."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # "from package import submodule" depends on the submodule, not only the package.
            candidates = [f"{target}.{alias.name}" for alias in node.names] + [target]
        else:
            continue
        for candidate in candidates:
            if candidate in known and candidate != name:
                yield candidate
                break


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    files = module_files(root, package)
    known = set(files)
    return {name: set(imported_modules(name, path, known)) for name, path in files.items()}


def layer_of(module: str, layers: Sequence[tuple[str, Sequence[str]]]) -> int:
    """The index of the layer whose most specific prefix names ``module``."""
    best, best_length = -1, -1
    for index, (_, prefixes) in enumerate(layers):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    if best < 0:
        raise AssertionError(f"{module} is in no layer; add it to LAYERS")
    return best


def upward_imports(graph: dict[str, set[str]], layers: Sequence[tuple[str, Sequence[str]]]) -> list[str]:
    problems = []
    for module, imports in sorted(graph.items()):
        for imported in sorted(imports):
            if layer_of(imported, layers) > layer_of(module, layers):
                below, above = layers[layer_of(module, layers)][0], layers[layer_of(imported, layers)][0]
                problems.append(f"{module} ({below}) imports {imported} ({above})")
    return problems


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for neighbour in sorted(graph.get(node, ())):
            if neighbour not in index:
                visit(neighbour)
                low[node] = min(low[node], low[neighbour])
            elif neighbour in on_stack:
                low[node] = min(low[node], index[neighbour])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_newsdigest_has_no_import_circle() -> None:
    assert circles(import_graph(SOURCE, "newsdigest")) == []


def test_no_layer_imports_one_above_it() -> None:
    assert upward_imports(import_graph(SOURCE, "newsdigest"), LAYERS) == []


def test_every_module_is_in_a_layer() -> None:
    for module in import_graph(SOURCE, "newsdigest"):
        layer_of(module, LAYERS)


def _write_package(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    """A small package laid out like ours: a bottom module, a pipeline and a batch layer."""
    _write_package(
        tmp_path,
        {
            "toy/__init__.py": "from toy.batch.engine import run\n",
            "toy/records.py": "RECORD = 1\n",
            "toy/pipeline/__init__.py": "",
            "toy/pipeline/digest.py": "from toy.records import RECORD\n",
            "toy/batch/__init__.py": "",
            "toy/batch/engine.py": "from toy.pipeline.digest import RECORD\n\ndef run():\n    return RECORD\n",
        },
    )
    return tmp_path


TOY_LAYERS = [
    ("foundation", ("toy.records",)),
    ("pipeline", ("toy.pipeline",)),
    ("batch", ("toy.batch",)),
    ("api", ("toy",)),
]


def test_the_checks_pass_a_well_layered_package(synthetic: Path) -> None:
    graph = import_graph(synthetic, "toy")
    assert graph["toy.batch.engine"] == {"toy.pipeline.digest"}
    assert circles(graph) == [] and upward_imports(graph, TOY_LAYERS) == []


def test_a_lazy_import_that_closes_a_circle_is_found(synthetic: Path) -> None:
    # The circle the old flat package had: the pipeline reaching back into the batch engine.
    _write_package(
        synthetic,
        {
            "toy/pipeline/digest.py": "from toy.records import RECORD\n\ndef paths():\n    from toy.batch import engine\n"
        },
    )
    graph = import_graph(synthetic, "toy")
    assert circles(graph) == [["toy.batch.engine", "toy.pipeline.digest"]]
    assert upward_imports(graph, TOY_LAYERS) == ["toy.pipeline.digest (pipeline) imports toy.batch.engine (batch)"]


def test_relative_and_type_checking_imports_count(synthetic: Path) -> None:
    _write_package(
        synthetic,
        {
            "toy/records.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .pipeline import digest\n",
        },
    )
    graph = import_graph(synthetic, "toy")
    assert "toy.pipeline.digest" in graph["toy.records"]
    assert circles(graph) == [["toy.pipeline.digest", "toy.records"]]
