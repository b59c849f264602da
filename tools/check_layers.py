"""Layer check: every import between the portal's apps points down a layer.

Layers, bottom to top: core < search < agencies < home < events < registrations <
announcements < api < portal (the project shell, which nothing imports). An app may
import from its own layer's app and from the apps below it; upward news travels by
domain signals or hooks the lower app defines.

Every .py file of every app is parsed with `ast` (migrations included; `tests/`,
`bench/` and `tools/` sit outside the layers): top-level imports and imports inside
functions, `import x`, `from x import y`, relative imports, and the string literals
given to `importlib.import_module(...)` or Django's `import_string(...)`. It fails
(exit status 1, one line per violation) on

- an import from a higher layer, and
- any cycle between apps (listed with one import of each step).

Usage: python tools/check_layers.py [--root DIR]   (exit 0 when clean)
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

LAYERS = (
    "core",
    "search",
    "agencies",
    "home",
    "events",
    "registrations",
    "announcements",
    "api",
    "portal",
)
RANK = {app: rank for rank, app in enumerate(LAYERS)}
# Calls whose first string argument names a module that will be imported.
IMPORTING_CALLS = {"import_module", "import_string"}


@dataclass(frozen=True)
class Import:
    path: Path  # relative to the root
    line: int
    source: str  # the importing app
    target: str  # the imported app
    module: str  # the imported module, as written (resolved if relative)
    function: str | None  # the enclosing function, if the import sits in one

    def where(self) -> str:
        inside = f" (inside {self.function}())" if self.function else ""
        return f"{self.path}:{self.line}: {self.module}{inside}"


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def resolve_relative(current: str, is_package: bool, level: int, module: str) -> str:
    """The absolute name of `from <level dots><module> import ...` in `current`."""
    base = current.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


class ImportCollector(ast.NodeVisitor):
    def __init__(self, current: str, is_package: bool) -> None:
        self.current = current
        self.is_package = is_package
        self.functions: list[str] = []
        self.found: list[tuple[int, str, str | None]] = []

    def _add(self, line: int, module: str) -> None:
        self.found.append(
            (line, module, ".".join(self.functions) if self.functions else None)
        )

    def _visit_function(self, node) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_FunctionDef = _visit_function
    visit_AsyncFunctionDef = _visit_function

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(node.lineno, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            module = resolve_relative(
                self.current, self.is_package, node.level, node.module or ""
            )
        else:
            module = node.module or ""
        self._add(node.lineno, module)
        # `from . import services` names a module too.
        if not node.module:
            for alias in node.names:
                self._add(node.lineno, f"{module}.{alias.name}")

    def visit_Call(self, node: ast.Call) -> None:
        function = node.func
        name = (
            function.attr
            if isinstance(function, ast.Attribute)
            else getattr(function, "id", None)
        )
        if (
            name in IMPORTING_CALLS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            self._add(node.lineno, node.args[0].value)
        self.generic_visit(node)


def collect(root: Path) -> list[Import]:
    imports = []
    for app in LAYERS:
        directory = root / app
        if not directory.is_dir():
            continue
        for path in sorted(directory.rglob("*.py")):
            current = module_name(root, path)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            collector = ImportCollector(current, path.name == "__init__.py")
            collector.visit(tree)
            for line, module, function in collector.found:
                target = module.split(".")[0]
                if target in RANK and target != app:
                    imports.append(
                        Import(
                            path.relative_to(root), line, app, target, module, function
                        )
                    )
    return imports


def upward(imports: list[Import]) -> list[Import]:
    return [each for each in imports if RANK[each.target] > RANK[each.source]]


def cycles(imports: list[Import]) -> list[list[str]]:
    """Strongly connected groups of apps (Tarjan), each with more than one app."""
    graph: dict[str, set[str]] = defaultdict(set)
    for each in imports:
        graph[each.source].add(each.target)
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(app: str) -> None:
        index[app] = lowlink[app] = len(index)
        stack.append(app)
        on_stack.add(app)
        for target in sorted(graph[app]):
            if target not in index:
                visit(target)
                lowlink[app] = min(lowlink[app], lowlink[target])
            elif target in on_stack:
                lowlink[app] = min(lowlink[app], index[target])
        if lowlink[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                groups.append(sorted(group, key=RANK.__getitem__))

    for app in sorted(graph, key=RANK.__getitem__):
        if app not in index:
            visit(app)
    return groups


def report(root: Path) -> list[str]:
    """One line per violation; empty when every import points down."""
    imports = collect(root)
    lines = [
        f"{each.where()}: upward import, {each.source} (layer {RANK[each.source]}) "
        f"imports {each.target} (layer {RANK[each.target]})"
        for each in upward(imports)
    ]
    for group in cycles(imports):
        members = set(group)
        steps = sorted(
            {
                (each.source, each.target): each
                for each in imports
                if each.source in members and each.target in members
            }.values(),
            key=lambda each: (RANK[each.source], RANK[each.target]),
        )
        lines.append(f"cycle between apps: {' <-> '.join(group)}")
        lines.extend(
            f"    {each.source} -> {each.target}: {each.where()}" for each in steps
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="the project directory holding the apps (default: this repository)",
    )
    arguments = parser.parse_args(argv)
    root = arguments.root.resolve()
    violations = report(root)
    if violations:
        print(f"Layer check failed ({' < '.join(LAYERS)}):")
        for line in violations:
            print(f"  {line}")
        return 1
    print(f"Layer check passed: every import points down ({' < '.join(LAYERS)}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
