"""autograder/ has floors: its rooms (each sub-package, each top-level module) import only rooms
below them, never one that imports them back, directly or round a circle (issue 21; drawn by
`farm-studio look autograder`). Read from the source's import statements, function-level ones
included."""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "autograder"


def room(dotted: str) -> str | None:
    """The room of a module ``autograder.x.y``: ``x`` (a sub-package or a top-level module)."""
    parts = dotted.split(".")
    return parts[1] if parts[0] == "autograder" and len(parts) > 1 else None


def imports(path: Path) -> set[str]:
    """Every ``autograder...`` module that the file at ``path`` imports."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
            target = ".".join([*base, node.module] if node.level else [node.module or ""])
            found.add(target.rstrip("."))
            found |= {f"{target}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("autograder.")}


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        here = room(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        if here in (None, "__main__", "__init__", "cli"):
            continue  # the entry points sit on top of everything
        edges.setdefault(here, set())
        for name in imports(path):
            there = room(name)
            if (
                there
                and there != here
                and (PACKAGE / there).is_dir() | (PACKAGE / f"{there}.py").is_file()
            ):
                edges[here].add(there)
    return edges


def test_the_rooms_import_each_other_in_no_circle():
    edges = graph()
    assert {"grading", "pipeline", "intake", "report", "sandbox", "hidden"} <= set(edges)
    try:
        order = list(TopologicalSorter(edges).static_order())
    except CycleError as error:
        raise AssertionError(
            f"an import circle between autograder's rooms: {error.args[1]}"
        ) from None
    assert order.index("sandbox") < order.index("pipeline") < order.index("grading")


def test_a_circle_would_be_found():
    # the check above can fail: the same reading finds the edges that make a circle
    edges = graph()
    assert "pipeline" in edges["grading"] and "outcome" in edges["report"]
    edges["pipeline"] = edges["pipeline"] | {"grading"}
    try:
        list(TopologicalSorter(edges).static_order())
    except CycleError:
        return
    raise AssertionError("a circle was not found")
