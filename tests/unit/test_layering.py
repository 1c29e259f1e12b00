"""Layering checks on the sidecar's own imports: the "done when" check of the restructure.

The restructure is done when there is no import circle among the sidecar's modules, the flows
(``sidecar/sync``) are platform-blind (they neither import ``sidecar.shops.woocommerce`` or
``sidecar.shops.magento`` nor name a platform in code), ``sidecar/exact`` sits below the flows,
and the jobs plumbing sits below the flows too (only ``jobs/tasks.py`` imports flows, at module
level). The sources are read with ``ast``, never imported, so lazy imports inside functions are
seen as well; imports under ``if TYPE_CHECKING:`` do not count, nor do dotted job names passed
to RQ as strings. The helpers are exercised on small in-memory sources at the bottom, so every
rule is shown to be able to pass and to fail.
"""

from __future__ import annotations

import ast
import re
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest

SIDECAR = Path(__file__).resolve().parents[2] / "sidecar"
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
PLATFORM_PACKAGES = ("sidecar.shops.woocommerce", "sidecar.shops.magento")


@dataclass(frozen=True)
class Module:
    name: str
    path: str  # as shown in messages, e.g. "sidecar/sync/links.py"
    source: str
    tree: ast.Module | None  # None when the file does not parse
    error: str = ""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    path: str
    line: int
    lazy: bool = False  # inside a function body
    via: str = "import"  # or "importlib"

    def __str__(self) -> str:
        notes = ["lazy"] * self.lazy + ["importlib"] * (self.via == "importlib")
        suffix = f" ({', '.join(notes)})" if notes else ""
        return f"{self.path}:{self.line}: {self.source} -> {self.target}{suffix}"


Modules = Mapping[str, Module]
Rule = Callable[[Modules], list[str]]


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def module_name(path: str) -> str:
    parts = path.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def parse(files: Mapping[str, str]) -> dict[str, Module]:
    """Modules keyed by dotted name, from sources keyed by posix path ("sidecar/a/b.py")."""
    modules: dict[str, Module] = {}
    for path, source in sorted(files.items()):
        name = module_name(path)
        try:
            modules[name] = Module(name, path, source, ast.parse(source, filename=path))
        except SyntaxError as exc:
            modules[name] = Module(name, path, source, None, f"line {exc.lineno}: {exc.msg}")
    return modules


@cache
def project() -> dict[str, Module]:
    root = SIDECAR.parent
    return parse(
        {p.relative_to(root).as_posix(): p.read_text("utf-8") for p in SIDECAR.rglob("*.py")}
    )


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(node: ast.AST, lazy: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    """Import statements and calls anywhere, with whether they sit in a function body."""
    if isinstance(node, ast.If) and _is_type_checking(node.test):
        for child in node.orelse:
            yield from _import_nodes(child, lazy)
        return
    if isinstance(node, ast.Import | ast.ImportFrom | ast.Call):
        yield node, lazy
    for field, value in ast.iter_fields(node):
        inner = lazy or (field == "body" and isinstance(node, FUNCTIONS))
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, ast.AST):
                yield from _import_nodes(child, inner)


def _package_of(module: Module, level: int) -> str | None:
    parts = module.name.split(".")
    if not module.path.endswith("/__init__.py"):
        parts = parts[:-1]
    keep = len(parts) - (level - 1)
    return ".".join(parts[:keep]) if keep > 0 else None


def _strings(node: ast.AST | None, names: Mapping[str, list[str]]) -> list[str] | None:
    """The strings an expression stands for, when a plain reading of the source tells."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        found = [_strings(element, names) for element in node.elts]
        return None if None in found else [text for part in found for text in part or []]
    return None


def static_strings(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level string (tuple) constants, and loop variables that run over them: what lets
    ``for name in FLOW_MODULES: importlib.import_module(name)`` be read as imports."""
    names: dict[str, list[str]] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            found = _strings(stmt.value, names)
            for target in targets:
                if isinstance(target, ast.Name) and found is not None:
                    names[target.id] = found
    for node in ast.walk(tree):
        if isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            found = _strings(node.iter, names)
            if isinstance(node.target, ast.Name) and found is not None:
                names[node.target.id] = [*names.get(node.target.id, []), *found]
    return names


def _targets(
    node: ast.AST, module: Module, known: Mapping[str, object], names: Mapping[str, list[str]]
) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            package = _package_of(module, node.level)
            if package is None:
                return
            base = f"{package}.{base}" if base else package
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            yield sub if alias.name != "*" and sub in known else base
    elif isinstance(node, ast.Call) and node.args:
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr == "import_module") or (
            isinstance(func, ast.Name) and func.id == "import_module"
        ):
            yield from _strings(node.args[0], names) or []


def import_edges(modules: Modules) -> list[Edge]:
    """Every edge to a sidecar module; self-edges (a package naming its own attribute) dropped."""
    edges: set[Edge] = set()
    for module in modules.values():
        if module.tree is None:
            continue
        names = static_strings(module.tree)
        for node, lazy in _import_nodes(module.tree):
            via = "importlib" if isinstance(node, ast.Call) else "import"
            for target in _targets(node, module, modules, names):
                if within(target, "sidecar") and target != module.name:
                    line = getattr(node, "lineno", 0)
                    edges.add(Edge(module.name, target, module.path, line, lazy, via))
    return sorted(edges, key=lambda e: (e.path, e.line, e.target))


def strongly_connected(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components in discovery order, members sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(sorted(graph[root])))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: list[str] = []
                    while not component or component[-1] != node:
                        component.append(stack.pop())
                        on_stack.discard(component[-1])
                    components.append(sorted(component))
    return components


def find_cycles(edges: list[Edge]) -> list[tuple[list[str], list[Edge], list[Edge]]]:
    """Per import circle: its members, one example path through it, and all edges inside it."""
    graph: dict[str, set[str]] = {}
    first: dict[tuple[str, str], Edge] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
        first.setdefault((edge.source, edge.target), edge)
    cycles = []
    for members in strongly_connected(graph):
        if len(members) < 2:
            continue
        inside = set(members)
        start, prev = members[0], {}
        queue: deque[str] = deque([start])
        path: list[str] = []
        while queue and not path:
            node = queue.popleft()
            for nxt in sorted(graph[node] & inside):
                if nxt == start:
                    path = [start, node]
                    while path[-1] != start:
                        path.append(prev[path[-1]])
                    break
                if nxt not in prev:
                    prev[nxt] = node
                    queue.append(nxt)
        example = [first[pair] for pair in pairwise(reversed(path))]
        internal = [e for e in edges if e.source in inside and e.target in inside]
        cycles.append((members, example, internal))
    return cycles


_WORD_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def platform_word(text: str) -> str | None:
    """The platform a text names: "woocommerce"/"magento" anywhere, "woo" as a word part."""
    lowered = text.lower()
    for platform in ("woocommerce", "magento"):
        if platform in lowered:
            return platform
    if any(part.lower() == "woo" for part in _WORD_PART.findall(text)):
        return "woo"
    return None


def _docstring_ids(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            match node.body[0] if node.body else None:
                case ast.Expr(value=ast.Constant(value=str()) as doc):
                    ids.add(id(doc))
    return ids


def platform_mentions(tree: ast.Module) -> list[tuple[int, str, str]]:
    """(line, kind, text) for identifiers and string literals naming a platform."""
    docstrings = _docstring_ids(tree)
    hits: set[tuple[int, str, str]] = set()
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str) and id(node) not in docstrings:
                word = platform_word(node.value)
                if word:
                    at = node.value.lower().find(word)
                    hits.add((line, "string", node.value[max(at - 30, 0) : at + 40]))
            continue
        for field, value in ast.iter_fields(node):
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str) and field != "type_comment" and platform_word(text):
                    hits.add((line, "name", text))
    return sorted(hits)


# The rules: each returns one readable entry per violation (a line; a circle takes several).


def rule_no_cycles(modules: Modules) -> list[str]:
    circles = []
    for members, example, internal in find_cycles(import_edges(modules)):
        loop = " -> ".join([e.source for e in example] + [example[0].source])
        circles.append(
            "\n".join(
                [f"circle of {len(members)} modules: {', '.join(members)}", f"  e.g. {loop}"]
                + [f"    {e}" for e in example]
                + [f"  all {len(internal)} edges inside it:"]
                + [f"    {e}" for e in internal]
            )
        )
    return circles


def _edges_from_to(modules: Modules, sources: Callable[[str], bool], *into: str) -> list[str]:
    return [
        str(e)
        for e in import_edges(modules)
        if sources(e.source) and any(within(e.target, pkg) for pkg in into)
    ]


def rule_sync_imports_no_platform(modules: Modules) -> list[str]:
    return _edges_from_to(modules, lambda m: within(m, "sidecar.sync"), *PLATFORM_PACKAGES)


def rule_sync_names_no_platform(modules: Modules) -> list[str]:
    return [
        f"{m.path}:{line}: {kind} {text!r}"
        for m in modules.values()
        if within(m.name, "sidecar.sync") and m.tree is not None
        for line, kind, text in platform_mentions(m.tree)
    ]


def rule_exact_below_sync(modules: Modules) -> list[str]:
    return _edges_from_to(modules, lambda m: within(m, "sidecar.exact"), "sidecar.sync")


def rule_jobs_plumbing_below_flows(modules: Modules) -> list[str]:
    def plumbing(name: str) -> bool:
        return within(name, "sidecar.jobs") and name != "sidecar.jobs.tasks"

    return _edges_from_to(modules, plumbing, "sidecar.sync")


def rule_tasks_import_flows_at_module_level(modules: Modules) -> list[str]:
    return [
        str(e)
        for e in import_edges(modules)
        if e.source == "sidecar.jobs.tasks" and e.lazy and within(e.target, "sidecar.sync")
    ]


def rule_modules_open_with_docstring(modules: Modules) -> list[str]:
    lines = []
    for m in modules.values():
        if within(m.name, "sidecar.migrations.versions") or m.tree is None:
            continue
        if m.source == "" and m.path.endswith("/__init__.py"):
            continue
        if not (ast.get_docstring(m.tree) or "").strip():
            first = m.tree.body[0] if m.tree.body else None
            line = first.lineno if first else 1
            opens = m.source.splitlines()[line - 1].strip() if first else "no statement at all"
            lines.append(f"{m.path}:{line}: opens with {opens!r}")
    return lines


def _check(rule: Rule, what: str) -> None:
    violations = rule(project())
    assert not violations, f"{what} ({len(violations)}):\n" + "\n".join(violations)


def test_every_module_parses() -> None:
    broken = [f"{m.path}: {m.error}" for m in project().values() if m.tree is None]
    assert not broken, "modules that do not parse (skipped by the checks):\n" + "\n".join(broken)


def test_no_import_cycle() -> None:
    _check(rule_no_cycles, "import circles among sidecar modules")


def test_sync_imports_no_platform_package() -> None:
    _check(rule_sync_imports_no_platform, "sidecar/sync imports a platform package")


def test_sync_names_no_platform() -> None:
    _check(rule_sync_names_no_platform, "sidecar/sync names a platform in code")


def test_exact_imports_nothing_from_sync() -> None:
    _check(rule_exact_below_sync, "sidecar/exact imports from sidecar.sync")


def test_jobs_plumbing_imports_no_flows() -> None:
    _check(rule_jobs_plumbing_below_flows, "jobs plumbing (all but jobs/tasks.py) imports flows")


def test_tasks_imports_flows_at_module_level() -> None:
    _check(rule_tasks_import_flows_at_module_level, "jobs/tasks.py imports flows lazily")


def test_modules_open_with_docstring() -> None:
    _check(rule_modules_open_with_docstring, "modules that do not open with a docstring")


# Self-tests on synthetic sources: the helpers see what they should and nothing more.

PKG = {"sidecar/__init__.py": '"""Root."""\n', "sidecar/pkg/__init__.py": ""}


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"sidecar/a.py": "import sidecar.pkg.b\n"}, {("sidecar.a", "sidecar.pkg.b", False)}),
        (
            {"sidecar/a.py": "from sidecar.pkg import b, VALUE\n", "sidecar/pkg/b.py": ""},
            {("sidecar.a", "sidecar.pkg.b", False), ("sidecar.a", "sidecar.pkg", False)},
        ),
        (
            {"sidecar/pkg/c.py": "from . import b\nfrom ..x import y\n", "sidecar/pkg/b.py": ""},
            {("sidecar.pkg.c", "sidecar.pkg.b", False), ("sidecar.pkg.c", "sidecar.x", False)},
        ),
        (
            {"sidecar/pkg/__init__.py": "from .b import f\n", "sidecar/pkg/b.py": ""},
            {("sidecar.pkg", "sidecar.pkg.b", False)},
        ),
        (
            {
                "sidecar/a.py": "class C:\n    def m(self):\n        from sidecar import z\n",
                "sidecar/z.py": "",
            },
            {("sidecar.a", "sidecar.z", True)},
        ),
        (
            {
                "sidecar/a.py": "import typing\nfrom typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    import sidecar.t1\nif typing.TYPE_CHECKING:\n"
                "    import sidecar.t2\nelse:\n    import sidecar.runtime_only\n"
            },
            {("sidecar.a", "sidecar.runtime_only", False)},
        ),
        (
            {
                "sidecar/a.py": "import importlib\nq = None\n"
                "def f(p):\n    importlib.import_module('sidecar.lazy')\n"
                "    importlib.import_module(f'sidecar.shops.{p}')\n"
                "    q.enqueue('sidecar.sync.history.backfill.step')\n"
            },
            {("sidecar.a", "sidecar.lazy", True)},
        ),
        (
            {
                "sidecar/a.py": "import importlib\nJOB = 'sidecar.sync.step'\n"
                "FLOWS: tuple[str, ...] = ('sidecar.f1', 'sidecar.f2')\n"
                "def load():\n    for name in FLOWS:\n        importlib.import_module(name)\n"
                "def run(q):\n    q.enqueue(JOB)\n"
            },
            {("sidecar.a", "sidecar.f1", True), ("sidecar.a", "sidecar.f2", True)},
        ),
        ({"sidecar/a.py": "import os\nfrom requests import get\n"}, set()),
    ],
    ids=[
        "import",
        "from-submodule-or-package",
        "relative",
        "relative-in-init",
        "lazy-in-method",
        "type-checking-ignored",
        "importlib-literal-only",
        "importlib-over-constant-tuple",
        "outside-sidecar",
    ],
)
def test_import_edges_on_synthetic_sources(
    files: dict[str, str], expected: set[tuple[str, str, bool]]
) -> None:
    edges = import_edges(parse(PKG | files))
    assert {(e.source, e.target, e.lazy) for e in edges} == expected


@pytest.mark.parametrize(
    ("files", "circles"),
    [
        (
            {"sidecar/a.py": "import sidecar.b\n", "sidecar/b.py": "from sidecar import a\n"},
            [["sidecar.a", "sidecar.b"]],
        ),
        (
            {
                "sidecar/a.py": "import sidecar.b\n",
                "sidecar/b.py": "def f():\n    import sidecar.c\n",
                "sidecar/c.py": "from sidecar import a\n",
                "sidecar/d.py": "import sidecar.a\n",
            },
            [["sidecar.a", "sidecar.b", "sidecar.c"]],
        ),
        ({"sidecar/a.py": "import sidecar.b\n", "sidecar/b.py": "import sidecar.c\n"}, []),
        ({"sidecar/pkg/b.py": "from sidecar.pkg import THING\nimport sidecar\n"}, []),
        (
            {
                "sidecar/pkg/__init__.py": "from . import b\n",
                "sidecar/pkg/b.py": "import sidecar.pkg",
            },
            [["sidecar.pkg", "sidecar.pkg.b"]],
        ),
    ],
    ids=["two", "three-with-lazy-edge", "chain", "child-to-docstring-init", "init-imports-back"],
)
def test_find_cycles_on_synthetic_sources(files: dict[str, str], circles: list[list[str]]) -> None:
    found = find_cycles(import_edges(parse(PKG | files)))
    assert [members for members, _, _ in found] == circles
    for members, example, _ in found:
        assert example[0].source == example[-1].target == members[0]
        assert all(a.target == b.source for a, b in pairwise(example))


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('"""Pushes notes to WooCommerce and Magento."""\n', []),
        ('class C:\n    """Magento."""\n    def f(self):\n        """woo."""\n', []),
        ("x = 1  # magento and WooCommerce\n", []),
        ('KIND = "magento"\n', [(1, "string", "magento")]),
        ("class WooClient:\n    pass\n", [(1, "name", "WooClient")]),
        ("def f(o):\n    return o._woo_order\n", [(2, "name", "_woo_order")]),
        ('def f(n):\n    """Doc."""\n    return f"{n} Magento"\n', [(3, "string", " Magento")]),
        ("f(magento=1)\n", [(1, "name", "magento")]),
        ("import sidecar.shops.woocommerce as wc\n", [(1, "name", "sidecar.shops.woocommerce")]),
        ('"""Doc."""\nx = 1\n"second string"\ny = "WOO_KEY"\n', [(4, "string", "WOO_KEY")]),
        ("wooden_spoon = 'platform-neutral'\n", []),
    ],
    ids=[
        "module-docstring",
        "class-and-function-docstrings",
        "comment",
        "literal",
        "class-name",
        "attribute",
        "f-string",
        "keyword",
        "import",
        "upper-case-literal",
        "woo-must-be-a-word-part",
    ],
)
def test_platform_mentions_on_synthetic_sources(
    source: str, found: list[tuple[int, str, str]]
) -> None:
    assert platform_mentions(ast.parse(source)) == found


RULE_CASES: list[tuple[Rule, dict[str, str], int]] = [
    (rule_sync_imports_no_platform, {"sidecar/sync/f.py": "import sidecar.shops.base\n"}, 0),
    (
        rule_sync_imports_no_platform,
        {"sidecar/sync/f.py": "def g():\n    import sidecar.shops.magento.client\n"},
        1,
    ),
    (
        rule_sync_imports_no_platform,
        {
            "sidecar/sync/f.py": "from importlib import import_module as load\n"
            "import_module('sidecar.shops.woocommerce')\n"
        },
        1,
    ),
    (rule_sync_names_no_platform, {"sidecar/sync/f.py": '"""For Magento."""\n'}, 0),
    (rule_sync_names_no_platform, {"sidecar/sync/f.py": 'if p == "woocommerce": pass\n'}, 1),
    (rule_sync_names_no_platform, {"sidecar/shops/f.py": 'P = "woocommerce"\n'}, 0),
    (rule_exact_below_sync, {"sidecar/exact/c.py": "import sidecar.exact.auth\n"}, 0),
    (rule_exact_below_sync, {"sidecar/exact/c.py": "def f():\n    import sidecar.sync.x\n"}, 1),
    (rule_jobs_plumbing_below_flows, {"sidecar/jobs/queues.py": "import sidecar.errors\n"}, 0),
    (rule_jobs_plumbing_below_flows, {"sidecar/jobs/tasks.py": "import sidecar.sync.x\n"}, 0),
    (rule_jobs_plumbing_below_flows, {"sidecar/jobs/handlers.py": "import sidecar.sync\n"}, 1),
    (
        rule_tasks_import_flows_at_module_level,
        {"sidecar/jobs/tasks.py": "from sidecar.sync.orders import flow\n"},
        0,
    ),
    (
        rule_tasks_import_flows_at_module_level,
        {"sidecar/jobs/tasks.py": "def t():\n    from sidecar.sync.orders import flow\n"},
        1,
    ),
    (rule_modules_open_with_docstring, {"sidecar/a.py": '# c\n"""What a is for."""\n'}, 0),
    (rule_modules_open_with_docstring, {"sidecar/migrations/versions/v1.py": "x = 1\n"}, 0),
    (rule_modules_open_with_docstring, {"sidecar/a.py": 'import os\n"""Late."""\n'}, 1),
    (rule_modules_open_with_docstring, {"sidecar/pkg/__init__.py": "\n"}, 1),
    (rule_modules_open_with_docstring, {"sidecar/a.py": ""}, 1),
    (rule_no_cycles, {"sidecar/a.py": "import sidecar.b\n", "sidecar/b.py": ""}, 0),
    (rule_no_cycles, {"sidecar/a.py": "import sidecar.b\n", "sidecar/b.py": "import sidecar.a"}, 1),
]


@pytest.mark.parametrize(
    ("rule", "files", "fails"),
    RULE_CASES,
    ids=[
        f"{r.__name__.removeprefix('rule_')}-{i}-{'fails' if n else 'passes'}"
        for i, (r, _, n) in enumerate(RULE_CASES)
    ],
)
def test_rules_pass_and_fail_on_synthetic_sources(
    rule: Rule, files: dict[str, str], fails: int
) -> None:
    assert len(rule(parse(PKG | files))) == fails
