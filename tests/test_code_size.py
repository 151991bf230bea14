"""No function too tangled to follow, no module too long to read (issue #19): every
function and method in generator/, benchmarks/ and tools/ has a cyclomatic complexity of
at most 20 (as radon counts it), and no module has more than 400 lines. A failure names
every offender, so that one run shows the whole of what is left to split."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from radon.complexity import cc_visit
from radon.visitors import Class, Function

ROOT = Path(__file__).resolve().parent.parent
TREES = ("generator", "benchmarks", "tools")
MAX_COMPLEXITY = 20
MAX_LINES = 400


def _modules() -> list[Path]:
    return sorted(p for tree in TREES for p in (ROOT / tree).rglob("*.py")
                  if "__pycache__" not in p.parts)


def _functions(blocks: Iterable[Function | Class]) -> Iterator[Function]:
    """Every function, method and closure, however deep, once each: radon lists a
    class's methods both under the class and beside it, and closures only under their
    function; a closure is code to read too."""
    seen: set[tuple[int, int]] = set()

    def walk(blocks: Iterable[Function | Class]) -> Iterator[Function]:
        for block in blocks:
            if isinstance(block, Class):
                yield from walk([*block.methods, *block.inner_classes])
            elif (block.lineno, block.col_offset) not in seen:
                seen.add((block.lineno, block.col_offset))
                yield block
                yield from walk(block.closures)

    return walk(blocks)


def test_no_function_above_the_complexity_limit() -> None:
    offenders = []
    for path in _modules():
        name = path.relative_to(ROOT).as_posix()
        for f in _functions(cc_visit(path.read_text(encoding="utf-8"))):
            if f.complexity > MAX_COMPLEXITY:
                offenders.append(f"{name}:{f.lineno} {f.fullname} complexity {f.complexity}")
    assert not offenders, (f"functions above complexity {MAX_COMPLEXITY} "
                           "(split them along their jobs):\n" + "\n".join(offenders))


def test_no_module_above_the_line_limit() -> None:
    offenders = []
    for path in _modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            offenders.append(f"{path.relative_to(ROOT).as_posix()}:1 {lines} lines")
    assert not offenders, (f"modules above {MAX_LINES} lines (split them along their jobs):\n"
                           + "\n".join(offenders))


def test_the_walk_sees_closures_and_methods() -> None:
    code = ("def outer():\n    def inner(x):\n        return 1 if x else 2\n    return inner\n"
            "class C:\n    def m(self, y):\n        return y or 3\n")
    found = [(f.fullname, f.complexity) for f in _functions(cc_visit(code))]
    assert sorted(found) == [("C.m", 2), ("inner", 2), ("outer", 1)]
