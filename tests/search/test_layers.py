"""The search core sits below agencies, home, events and the feature apps: nothing
in search/ imports them (not even inside a function) or looks their models up by
name; those apps register their own adapters and facet names instead."""

import ast
from pathlib import Path

import search

SEARCH_DIR = Path(search.__file__).resolve().parent
UPPER_APPS = {
    "agencies",
    "home",
    "events",
    "registrations",
    "announcements",
    "portal",
}


def upward_references(path: Path, root: Path = SEARCH_DIR.parent) -> list[str]:
    """`module:line what` for every import of, or model lookup in, an upper app."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args:
            called = node.func
            name = getattr(called, "attr", getattr(called, "id", ""))
            first = node.args[0]
            if (
                name in {"get_model", "import_module", "__import__"}
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                names = [first.value.replace(".", " ").split()[0]]
        found.extend(
            f"{path.relative_to(root)}:{node.lineno} {name}"
            for name in names
            if name.split(".")[0] in UPPER_APPS
        )
    return found


def test_search_imports_no_app_above_it():
    modules = sorted(SEARCH_DIR.rglob("*.py"))
    assert len(modules) > 10
    offenders = [line for path in modules for line in upward_references(path)]
    assert offenders == []


def test_the_scan_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "probe.py"
    module.write_text(
        "def f():\n"
        "    from home.models import Topic\n"
        "    import events.models\n"
        "    apps.get_model('agencies', 'Agency')\n"
        "    from search.registry import registry\n"
    )
    lines = upward_references(module, root=tmp_path)
    assert [line.split()[-1] for line in lines] == [
        "home.models",
        "events.models",
        "agencies",
    ]
