"""The package's shape, read from its imports: no import circles, no import from a lower layer to a
higher one, and fact packages that meet only in the shared layers (docs/architecture.md)."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Lowest first. A module may import its own layer and the layers before it.
CORE = (  # what every layer may import: errors, own files, settings, records, offset maps, data files, fact types
    "indpol.errors",
    "indpol.resources",
    "indpol.config",
    "indpol.records",
    "indpol.textmap",
    "indpol.data",
    "indpol.facts",
)
LAYERS = [
    ("indpol", *CORE, "indpol.display", "indpol.view"),
    ("indpol.nlp",),
    ("indpol.ingest",),
    ("indpol.text",),
    ("indpol.extract",),
    ("indpol.classify",),
    ("indpol.components", "indpol.testing"),
    ("indpol.store",),
    ("indpol.pipeline",),
    ("indpol.comparison", "indpol.report"),
    ("indpol.evaluate",),
    ("indpol.cli", "indpol.__main__"),
]
FACT_PACKAGES = (  # one package per fact type with a step (indpol.facts)
    "indpol.extract.entities",
    "indpol.extract.figures",
    "indpol.extract.stages",
    "indpol.classify",
)
SHARED = (  # what fact packages may import: the shared layers and the core
    *("indpol.extract.grammars", "indpol.text", "indpol.nlp"),
    *CORE,
)


@cache
def modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def _module_of(target: str) -> str:
    while target and target not in modules():
        target = target.rpartition(".")[0]
    return target


@cache
def imports() -> dict[str, frozenset[str]]:
    """Every module's imports of indpol modules, at any depth of the file; imports made for type
    checkers only (under ``if TYPE_CHECKING:``) are left out."""
    graph = {}
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                node.body = []
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "indpol":
                found |= {_module_of(f"{node.module}.{alias.name}") for alias in node.names}
            elif isinstance(node, ast.Import):
                found |= {
                    _module_of(alias.name) for alias in node.names if alias.name.split(".")[0] == "indpol"
                }
        graph[name] = frozenset(found - {name})
    return graph


def layer_of(module: str) -> int:
    best, level = -1, None
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, level = len(prefix), index
    assert level is not None, f"{module} belongs to no layer: add it to LAYERS"
    return level


def test_every_module_has_a_layer():
    for module in modules():
        layer_of(module)


def test_no_import_circles():
    graph, index, low, stack, on_stack, circles = imports(), {}, {}, [], set(), []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    assert circles == []


def test_no_import_from_a_higher_layer():
    upward = sorted(
        f"{module} -> {target}"
        for module, targets in imports().items()
        for target in targets
        if layer_of(target) > layer_of(module)
    )
    assert upward == []


@pytest.mark.parametrize("package", FACT_PACKAGES)
def test_fact_packages_meet_only_in_shared_layers(package):
    """A fact type's package imports from the rest of indpol only the shared layers: ``grammars/``,
    ``text/``, ``nlp/`` and the core (records, configuration, own files, data files, errors)."""
    reaching = sorted(
        f"{module} -> {target}"
        for module, targets in imports().items()
        if module.startswith(package + ".") or module == package
        for target in targets
        if target != "indpol"  # the package's __init__: its version
        and not (target == package or target.startswith(package + "."))
        and not any(target == shared or target.startswith(shared + ".") for shared in SHARED)
    )
    assert reaching == []


def test_every_fact_step_is_in_a_fact_package():
    from indpol.facts import STEPS

    assert {fact.step.split(":")[0].rpartition(".")[0] for fact in STEPS} == set(FACT_PACKAGES)


def test_every_step_of_the_fact_table_is_a_function():
    import importlib

    from indpol.facts import STEPS

    for fact in STEPS:
        module, function = fact.step.split(":")
        assert callable(getattr(importlib.import_module(module), function)), fact.name
