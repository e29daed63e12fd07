"""The house has no circle and no arrow running back up: every module imports only from its own part
or from the parts below it (DESIGN.md's table, read top to bottom), and no SQL is written outside the
store."""
import ast
import re
from pathlib import Path

import rasid

PACKAGE = Path(rasid.__file__).resolve().parent
# lower numbers are lower in the house; a part may import from its own layer only within itself
LAYERS = {
    "model": 0, "version": 0, "text": 1, "kb": 2, "ingest": 2, "store": 2, "extract": 3, "corpus": 4, "pipeline": 5, "batch": 6,
    "api": 6, "watch": 6, "export": 7, "render": 7, "cli": 8, "web": 8, "__main__": 9, "__init__": 9,
}


def part(module: str) -> str:
    """`rasid.store.sqlite` → `store`; `rasid` itself → `__init__`."""
    names = module.split(".")
    return names[1] if len(names) > 1 else "__init__"


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        yield name, path


def imports_of(path: Path, name: str) -> set[str]:
    """Every rasid module a file imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("rasid")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rasid"):
            found |= _imported(node)
    return found - {name}


def _imported(node: ast.ImportFrom) -> set[str]:
    """What `from X import a, b` imports: the submodules X.a, X.b where they are modules, else X."""
    submodules = {f"{node.module}.{a.name}" for a in node.names
                  if (PACKAGE.parent / f"{node.module}.{a.name}".replace(".", "/")).with_suffix(".py").exists()}
    return submodules or {node.module}


def test_every_import_points_down_the_house():
    wrong = []
    for name, path in modules():
        mine = part(name)
        for other in imports_of(path, name):
            theirs = part(other)
            if mine == "__init__" or theirs == mine:
                continue
            if LAYERS[theirs] >= LAYERS[mine]:
                wrong.append(f"{name} imports {other}")
    assert not wrong, "\n".join(wrong)


def test_no_two_modules_import_each_other_at_the_top():
    graph = {}
    for name, path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = set()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rasid"):
                top |= _imported(node)  # `from rasid.store import rows` imports rasid.store.rows
            elif isinstance(node, ast.Import):
                top |= {a.name for a in node.names if a.name.startswith("rasid")}
        graph[name] = top - {name}

    def cycle_from(start):
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    return trail
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, trail + [nxt]))
        return None

    cycles = [c for m in graph if (c := cycle_from(m))]
    assert not cycles, cycles


def test_sql_is_written_in_the_store_only():
    sql = re.compile(r"""["'](?:SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|BEGIN)\s""")
    outside = [name for name, path in modules() if part(name) != "store" and sql.search(path.read_text("utf-8"))]
    assert not outside, outside


def test_the_version_is_written_once():
    root = PACKAGE.parent
    version = re.compile(r"""^(__)?version(__)?\s*=\s*["']\d|version\s*=\s*["']\d+\.\d+\.\d+["']""", re.M)
    places = [p for p in (root / "pyproject.toml", *PACKAGE.rglob("*.py")) if version.search(p.read_text("utf-8"))]
    assert places == [PACKAGE / "version.py"], places  # pyproject and everything else read it from there


def test_importing_rasid_is_light_and_leaves_the_process_alone():
    import subprocess
    import sys

    code = ("import os, sys; before = dict(os.environ); import rasid; "
            "assert dict(os.environ) == before, 'environment changed'; "
            "assert 'numpy' not in sys.modules, 'numpy loaded'; "
            "assert callable(rasid.ingest) and callable(rasid.stories) and rasid.Store")
    subprocess.run([sys.executable, "-c", code], check=True)
