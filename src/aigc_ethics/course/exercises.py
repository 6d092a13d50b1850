"""Build exercise notebooks from solution notebooks (one source of truth).

A solution notebook in ``solutions/`` marks each answer::

    def extraction_rate(distances, threshold):
        ### BEGIN SOLUTION
        return float((distances < threshold).mean())
        ### END SOLUTION

    ### BEGIN SOLUTION
    my_answer = "blue"
    ### END SOLUTION

``python -m aigc_ethics.exercises build`` writes ``exercises/`` with every region replaced by a
stub: inside a function, ``raise NotImplementedError("Exercise: ...")``; at the top level, each
assigned name becomes ``name = ...``. Markdown regions become "*Write your answer here.*".
Outputs are cleared. Cells tagged ``solution-only`` are dropped. The words "with solutions" in
the title become "exercises". ``python -m aigc_ethics.exercises check`` exits non-zero when a
committed exercise differs from what would be generated (the test suite runs it too).
"""

from __future__ import annotations

import argparse
import ast
import copy
import re
import sys
from pathlib import Path

import nbformat

BEGIN = re.compile(r"^(?P<indent>\s*)###\s*BEGIN SOLUTION(?::\s*(?P<hint>.*))?\s*$")
END = re.compile(r"^\s*###\s*END SOLUTION\s*$")
MD_BEGIN = re.compile(r"<!--\s*BEGIN SOLUTION\s*-->")
MD_END = re.compile(r"<!--\s*END SOLUTION\s*-->")


def _targets(code: str) -> list[str]:
    names = []
    for node in ast.parse(code).body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
        for t in targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name) and n.id not in names:
                    names.append(n.id)
    return names


def stub_code(source: str) -> str:
    """Replace every marked region in a code cell's source by its stub."""
    lines = source.split("\n")
    out, i = [], 0
    while i < len(lines):
        m = BEGIN.match(lines[i])
        if not m:
            if END.match(lines[i]):
                raise ValueError(f"'### END SOLUTION' without a BEGIN in:\n{source}")
            out.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not END.match(lines[j]):
            j += 1
        if j == len(lines):
            raise ValueError(f"'### BEGIN SOLUTION' without an END in:\n{source}")
        region = lines[i + 1:j]
        indent = m.group("indent")
        hint = (m.group("hint") or "complete this part").strip().replace('"', "'")
        if indent:
            out.append(f'{indent}raise NotImplementedError("Exercise: {hint}")')
        else:
            import textwrap
            names = _targets(textwrap.dedent("\n".join(region)))
            if names:
                out.extend(f"{n} = ...  # your answer" for n in names)
            else:
                out.append(f'raise NotImplementedError("Exercise: {hint}")')
        i = j + 1
    return "\n".join(out)


def stub_markdown(source: str) -> str:
    return re.sub(MD_BEGIN.pattern + r".*?" + MD_END.pattern, "*Write your answer here.*", source, flags=re.S)


def build_exercise(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the exercise version of a solution notebook."""
    nb = copy.deepcopy(solution)
    cells = []
    for cell in nb.cells:
        if "solution-only" in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.source = stub_code(cell.source)
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
        elif cell.cell_type == "markdown":
            cell.source = stub_markdown(cell.source)
        cells.append(cell)
    if cells and cells[0].cell_type == "markdown":
        cells[0].source = cells[0].source.replace("— with solutions", "— exercises").replace(
            "solutions/", "exercises/")
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    # Exercises are stored unexecuted; give them the kernel and language explicitly so that
    # Jupyter, Colab and the book's syntax highlighter agree whatever state the solution was in.
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3",
                                    "file_extension": ".py", "mimetype": "text/x-python"}
    return nb


def _pairs(root: Path):
    for sol in sorted((root / "solutions").glob("*.ipynb")):
        yield sol, root / "exercises" / sol.name


def _normalise(nb) -> list[tuple[str, str, list]]:
    return [(c.cell_type, c.source, c.get("metadata", {}).get("tags", [])) for c in nb.cells]


def build_all(root=".") -> list[Path]:
    root = Path(root)
    (root / "exercises").mkdir(exist_ok=True)
    written = []
    for sol, ex in _pairs(root):
        nb = build_exercise(nbformat.read(sol, as_version=4))
        nbformat.write(nb, ex)
        written.append(ex)
    return written


def stale(root=".") -> list[str]:
    """Names of exercises that are missing or differ from what ``build`` would write."""
    root = Path(root)
    problems = []
    for sol, ex in _pairs(root):
        want = build_exercise(nbformat.read(sol, as_version=4))
        if not ex.exists():
            problems.append(f"{ex} is missing")
        elif _normalise(nbformat.read(ex, as_version=4)) != _normalise(want):
            problems.append(f"{ex} differs from {sol}")
    known = {sol.name for sol, _ in _pairs(root)}
    problems += [f"{p} has no solution notebook" for p in sorted((root / "exercises").glob("*.ipynb"))
                 if p.name not in known]
    return problems


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Build exercises/ from solutions/ or check they agree.")
    p.add_argument("command", choices=("build", "check"))
    p.add_argument("--root", default=".")
    args = p.parse_args(argv)
    if args.command == "build":
        for path in build_all(args.root):
            print(f"wrote {path}")
        return 0
    problems = stale(args.root)
    for line in problems:
        print(line)
    if problems:
        print("run `python -m aigc_ethics.exercises build` to regenerate exercises/")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
