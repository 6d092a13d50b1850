"""The package's shape: three floors (core -> chapters -> course), no import cycles, imports at
module top, short import chains, and no maintenance tooling or repository paths inside the package.

Read from the source with ``ast`` (nothing is imported), so a violation fails here, not at run time.
"""
import ast
import re
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "aigc_ethics"
FLOOR_ORDER = {"core": 0, "chapters": 1, "course": 2}
#: The only package modules that may run as ``python -m``: the exercise builder and the training entry point.
CLI_ALLOWED = {"aigc_ethics.course.exercises", "aigc_ethics.core.train"}
MAX_CHAIN = 5


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def _short_names() -> dict[str, str]:
    """The package's short-name table, read from its ``__init__`` without importing it."""
    tree = ast.parse((PKG / "__init__.py").read_text())
    floors = next(ast.literal_eval(n.value) for n in tree.body
                  if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "FLOORS")
    table = {f"aigc_ethics.{m}": f"aigc_ethics.{f}.{m}" for f, ms in floors.items() for m in ms}
    table.update({"aigc_ethics.imaging": "aigc_ethics.core.images", "aigc_ethics.metrics": "aigc_ethics.core.stats"})
    return table


SHORT = _short_names()


def _resolve(name: str) -> str | None:
    """The package module that ``name`` (a module, or a module attribute) refers to."""
    for short, real in SHORT.items():
        if name == short or name.startswith(short + "."):
            name = real + name[len(short):]
            break
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _type_checking_blocks(tree: ast.Module) -> set[int]:
    """ids of the imports inside a module-level ``if TYPE_CHECKING:`` block (annotations only)."""
    return {id(n) for b in tree.body
            if isinstance(b, ast.If) and ast.unparse(b.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
            for n in b.body if isinstance(n, (ast.Import, ast.ImportFrom))}


def _imports(module: str, *, type_only: bool = False):
    """``(target module, lineno, at module level?)`` for every import of the package in ``module``.

    Imports under ``if TYPE_CHECKING:`` name types for annotations and never run: they count as
    module-level and, unless ``type_only``, are left out (they add no runtime edge to the graph)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text())
    typing_only = _type_checking_blocks(tree)
    top = {id(n) for n in tree.body} | typing_only
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if (id(node) in typing_only) != type_only:
            continue
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            names = [f"{base}.{a.name}" for a in node.names] or [base]
        for name in names:
            if name.split(".")[0] != "aigc_ethics":
                continue
            target = _resolve(name)
            if target and target != module and target != "aigc_ethics":
                yield target, node.lineno, id(node) in top


@lru_cache(maxsize=None)
def graph() -> dict[str, set[str]]:
    return {m: {t for t, _, _ in _imports(m)} for m in MODULES}


def _floor(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in FLOOR_ORDER else None


def test_every_module_sits_on_a_floor():
    loose = [m for m in MODULES if m != "aigc_ethics" and _floor(m) is None]
    assert not loose, f"modules outside core/, chapters/ and course/: {loose}"


def test_floors_import_only_downwards():
    typing = {m: {t for t, _, _ in _imports(m, type_only=True)} for m in MODULES}
    bad = [f"{m} -> {t}" for g in (graph(), typing) for m, ts in g.items() for t in ts
           if _floor(m) and _floor(t) and FLOOR_ORDER[_floor(t)] > FLOOR_ORDER[_floor(m)]]
    assert not bad, "a floor imports from a floor above it:\n" + "\n".join(bad)


def test_no_import_cycles():
    g, state, cycles = graph(), {}, []

    def visit(m, stack):
        state[m] = "open"
        for t in sorted(g.get(m, ())):
            if state.get(t) == "open":
                cycles.append(stack[stack.index(t):] + [t])
            elif t not in state:
                visit(t, stack + [t])
        state[m] = "done"

    for m in sorted(g):
        if m not in state:
            visit(m, [m])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_longest_import_chain_is_short():
    g = graph()

    @lru_cache(maxsize=None)
    def longest(m) -> tuple:
        best = ()
        for t in g.get(m, ()):
            if t != "aigc_ethics":
                best = max(best, longest(t), key=len)
        return (m,) + best

    chain = max((longest(m) for m in g), key=len)
    assert len(chain) <= MAX_CHAIN, f"import chain of {len(chain)} modules: {' -> '.join(chain)}"


def test_package_imports_sit_at_module_top():
    inner = [f"{MODULES[m].relative_to(ROOT)}:{line} imports {t}"
             for m in MODULES for t, line, top in _imports(m) if not top]
    assert not inner, "package imports inside a function or class (move them to the module top):\n" + "\n".join(inner)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_tooling_or_repository_paths_in_the_package(module):
    text = MODULES[module].read_text()
    if module not in CLI_ALLOWED:
        assert '__name__ == "__main__"' not in text, f"{module} is a CLI: maintenance tools belong in tools/"
    assert not re.search(r"parents\[[2-9]\]", text), f"{module} reaches outside the package (parents[...])"
    assert not re.search(r"[\"']book/|/ \"book\"", text), f"{module} names a path in the repository's book/"


def test_short_names_are_the_same_module_objects():
    import aigc_ethics.check
    import aigc_ethics.core.generate
    import aigc_ethics.course.check
    import aigc_ethics.generate
    assert aigc_ethics.generate is aigc_ethics.core.generate
    assert aigc_ethics.check is aigc_ethics.course.check
    from aigc_ethics.check.bias import check_prompt_set
    from aigc_ethics.course.check.bias import check_prompt_set as same
    assert check_prompt_set is same
    assert aigc_ethics.generate.__spec__.name == "aigc_ethics.core.generate"


def test_the_cycle_and_floor_checks_can_fail(monkeypatch):
    """The checks are not vacuous: fake edges (a cycle in core, core importing a chapter) are caught."""
    g = {k: set(v) for k, v in graph().items()}
    g["aigc_ethics.core.datasets"].add("aigc_ethics.core.generate")
    g["aigc_ethics.core.generate"].add("aigc_ethics.core.datasets")
    g["aigc_ethics.core.stats"].add("aigc_ethics.chapters.bias")
    monkeypatch.setattr(__import__(__name__), "graph", lambda: g)
    with pytest.raises(AssertionError, match="import cycles"):
        test_no_import_cycles()
    with pytest.raises(AssertionError, match="floor above"):
        test_floors_import_only_downwards()



# --------------------------------------------------------------------------------------------
# One vocabulary: options by keyword, data arguments annotated with the course's aliases
# --------------------------------------------------------------------------------------------

#: Parameter names that carry the course's data types, and the annotation each must name.
DATA_ANNOTATIONS = {"images": ("ImageBatch",), "image": ("ImageLike", "Image.Image"), "pipe": ("Pipeline",)}


def _public_functions(tree: ast.Module):
    """Module-level public functions (methods follow their base classes' conventions, e.g. ``fit(X, y)``)."""
    return [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and not n.name.startswith("_")]


def positional_options(tree: ast.Module) -> list[str]:
    """Public functions whose options (parameters with a default, after the first parameter)
    can be passed positionally: they must follow ``*``."""
    bad = []
    for fn in _public_functions(tree):
        a = fn.args
        pos = a.posonlyargs + a.args
        first_default = len(pos) - len(a.defaults)
        if a.defaults and max(first_default, 1) < len(pos):
            bad.append(f"{fn.name}({', '.join(p.arg for p in pos[max(first_default, 1):])} positional)")
    return bad


def unannotated_data(tree: ast.Module) -> list[str]:
    """``images``/``image``/``pipe`` parameters of any function that lack the course's alias
    (a function that takes only PIL images may say so: ``image: Image.Image``)."""
    bad = []
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        a = fn.args
        for p in a.posonlyargs + a.args + a.kwonlyargs:
            want = DATA_ANNOTATIONS.get(p.arg)
            if want and (p.annotation is None or not any(w in ast.unparse(p.annotation) for w in want)):
                bad.append(f"{fn.name}({p.arg})")
    return bad


#: Parameters that carry something else under a data name, with the reason (kept short and few).
DATA_NAME_EXCEPTIONS = {
    "aigc_ethics.chapters.provenance": "image is a PIL image, encoded bytes or a path (C2PA signs files)",
}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_public_functions_take_options_by_keyword(module):
    bad = positional_options(ast.parse(MODULES[module].read_text()))
    assert not bad, f"{module}: options must be keyword-only (put `*` after the data arguments): {bad}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_data_arguments_carry_the_course_aliases(module):
    if module in DATA_NAME_EXCEPTIONS:
        pytest.skip(DATA_NAME_EXCEPTIONS[module])
    bad = unannotated_data(ast.parse(MODULES[module].read_text()))
    assert not bad, (f"{module}: annotate images/image/pipe with ImageBatch/ImageLike (aigc_ethics.core.images) "
                     f"or Pipeline (aigc_ethics.core.generate): {bad}")


def test_the_vocabulary_checks_can_fail():
    tree = ast.parse("def f(images, n=3):\n    pass\ndef g(pipe: 'Pipeline', *, n=3):\n    pass\n"
                     "def h(image: int):\n    pass\n")
    assert positional_options(tree) == ["f(n positional)"]
    assert unannotated_data(tree) == ["f(images)", "h(image)"]
