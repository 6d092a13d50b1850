"""Copy cell sources from lessons/*.py into their notebooks WITHOUT re-executing (outputs kept).

    .venv/bin/python tools/sync_lessons.py                 # cells 0 and 1 (title/badge, setup) of every lesson
    .venv/bin/python tools/sync_lessons.py --cells 0 1 5 10_memorisation 20_representation_audit

For edits that cannot change any output: the title cell (markdown) and the setup cell (which prints
nothing outside Colab). Anything else needs `make lesson NAME=...`, which re-executes. The notebook
must have the same cells as its source (count and types), or the lesson is skipped with a message.
"# alt:" lines become the figure alt text in metadata.mystnb.image.alt, as in tools/execute_notebooks.py.
Exercises are generated from solutions/: run `python -m aigc_ethics.exercises build` afterwards.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]


def pairs(names=()):
    """(source, notebook) for every lesson and solution source, optionally only the named lessons."""
    for src in sorted((ROOT / "lessons").glob("*.py")):
        stem = src.name[:-len(".py")]
        solution = stem.endswith(".solution")
        name = stem[:-len(".solution")] if solution else stem
        if names and name not in names:
            continue
        nb = ROOT / ("solutions" if solution else "notebooks") / f"{name}.ipynb"
        if nb.exists():
            yield src, nb


def _alt(cell) -> None:
    alts = [line[len("# alt:"):].strip() for line in cell.source.splitlines() if line.startswith("# alt:")]
    if cell.cell_type == "code" and alts:
        cell.metadata["mystnb"] = {"image": {"alt": alts[0]}}


def sync(src: Path, nb_path: Path, cells=(0, 1), write: bool = True) -> list[int]:
    """The indices of the cells whose source changed (and were written, when write)."""
    want = jupytext.read(src)
    nb = nbformat.read(nb_path, as_version=4)
    if [c.cell_type for c in want.cells] != [c.cell_type for c in nb.cells]:
        raise ValueError(f"{nb_path.relative_to(ROOT)}: cells differ from {src.relative_to(ROOT)} "
                         f"({len(nb.cells)} vs {len(want.cells)}); run make lesson")
    changed = []
    for i in cells:
        if i < len(nb.cells) and nb.cells[i].source != want.cells[i].source:
            nb.cells[i].source = want.cells[i].source
            _alt(nb.cells[i])
            changed.append(i)
    if changed and write:
        nbformat.write(nb, nb_path)
    return changed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="lesson names (default: all)")
    ap.add_argument("--cells", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--check", action="store_true", help="only report; exit 1 when a notebook would change")
    args = ap.parse_args(argv)
    status = 0
    for src, nb in pairs(set(args.names)):
        try:
            changed = sync(src, nb, args.cells, write=not args.check)
        except ValueError as e:
            print(e, file=sys.stderr)
            status = 1
            continue
        if changed:
            print(f"{nb.relative_to(ROOT)}: cells {changed} {'differ' if args.check else 'synced'}")
            status = status or int(args.check)
    return status


if __name__ == "__main__":
    sys.exit(main())
