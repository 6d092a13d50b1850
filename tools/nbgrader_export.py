"""Export the exercises to nbgrader, where the ``check_*`` calls become the autograder tests.

    .venv/bin/python tools/nbgrader_export.py export [--out _build/nbgrader] [NAME ...]
    .venv/bin/python tools/nbgrader_export.py export --verify        # also grade solutions and blanks
    .venv/bin/python tools/nbgrader_export.py grade NAME SUBMISSION.ipynb --student ID [--out ...]

``export`` writes an nbgrader course directory (``nbgrader_config.py``, ``source/NAME/NAME.ipynb``
for every solution notebook, or the NAMEs given) and runs ``nbgrader generate_assignment``, which
writes the student version to ``release/NAME/`` and the gradebook (``gradebook.db``).

How a solution notebook becomes an nbgrader source notebook:

* a code cell with ``### BEGIN SOLUTION`` / ``### END SOLUTION`` (nbgrader's own markers) is split
  where its first ``check_*(...)`` or ``discuss(...)`` call begins, after the last solution region;
* before the split: an *autograded answer* cell (nbgrader ``solution``), or, when the cell ends in
  ``discuss(...)`` (an open question), a *manually graded answer* worth :data:`OPEN_POINTS`;
* after the split: for ``check_*`` calls, a locked *autograder test* cell worth one point per check,
  which runs the course's own check and then asserts that every check it ran printed "✅ Correct"
  (read from ``aigc_ethics.check.RESULTS``); for ``discuss(...)``, a locked read-only cell that
  still shows the model discussion once the student has answered;
* cells tagged ``solution-only`` are dropped, as in ``exercises/``; markdown cells with
  ``<!-- BEGIN SOLUTION -->`` regions become manually graded answers.

``grade`` copies a submission to ``submitted/ID/NAME/``, runs ``nbgrader autograde`` and prints
the autograded score, the maximum, and the points still to grade by hand, as JSON. ``--verify``
grades every solution (it must score every autograded point) and every released blank (it must
score zero) -- what ``make autograder`` runs.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from aigc_ethics.course.exercises import BEGIN, END, MD_BEGIN

ROOT = Path(__file__).resolve().parents[1]
CHECK_LINE = re.compile(r"^(check_\w+|discuss)\(")
CHECK_NAME = re.compile(r"^(check_\w+)\(", re.M)
#: Points for an open question (graded by hand against the rubric in book/assessment.md).
OPEN_POINTS = 2
COURSE_ID = "aigc-ethics"

CONFIG = f'''# nbgrader course directory written by tools/nbgrader_export.py: do not edit, re-export instead.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "{COURSE_ID}"
c.CourseDirectory.root = __file__.rsplit("/", 1)[0]
c.Execute.timeout = 600
c.Execute.kernel_name = "python3"
'''

TEST_HEAD = ("# Autograder test (nbgrader): runs the course's check, then passes only if every check\n"
             "# it ran printed \"✅ Correct\". Warnings go to stdout: nbgrader scores stderr as a failure.\n"
             "import contextlib as _cl, sys as _sys\n"
             "from aigc_ethics.check import RESULTS as _RESULTS\n"
             "_n, _stack = len(_RESULTS), _cl.ExitStack()\n"
             "_stack.enter_context(_cl.redirect_stderr(_sys.stdout))\n")
TEST_TAIL = ("\n_stack.close()\n"
             "assert len(_RESULTS) > _n and all(r[\"passed\"] for r in _RESULTS[_n:]), "
             "\"not yet: read the check's feedback above\"")


def _meta(grade_id: str, *, solution=False, grade=False, locked=False, points=None) -> dict:
    m = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id, "schema_version": 3}
    if points is not None:
        m["points"] = points
    return m


def split_cell(source: str) -> tuple[str, str]:
    """``(answer, checks)``: the cell split at its first check/discuss call after the last solution region."""
    lines = source.split("\n")
    last_end = max((i for i, line in enumerate(lines) if END.match(line)), default=-1)
    for k in range(last_end + 1, len(lines)):
        if CHECK_LINE.match(lines[k]):
            return "\n".join(lines[:k]).rstrip("\n"), "\n".join(lines[k:])
    return source, ""


def to_source(solution: nbformat.NotebookNode, name: str) -> tuple[nbformat.NotebookNode, dict]:
    """The nbgrader source notebook for one solution notebook, and a summary of its points."""
    nb = nbformat.v4.new_notebook(metadata=solution.metadata)
    summary = {"tests": [], "auto_points": 0, "manual_points": 0}
    for i, cell in enumerate(solution.cells):
        if "solution-only" in cell.get("metadata", {}).get("tags", []):
            continue
        meta = {k: v for k, v in cell.metadata.items() if k not in ("execution", "nbgrader")}
        if cell.cell_type == "markdown":
            source = cell.source
            if i == 0:
                source = source.replace("— with solutions", "— exercises (nbgrader)").replace("solutions/", "exercises/")
            new = nbformat.v4.new_markdown_cell(source, metadata=meta)
            if MD_BEGIN.search(source):
                new.metadata["nbgrader"] = _meta(f"answer_{i}", solution=True, grade=True, points=OPEN_POINTS)
                summary["manual_points"] += OPEN_POINTS
            nb.cells.append(new)
            continue
        if cell.cell_type != "code":
            nb.cells.append(cell)
            continue
        has_solution = any(BEGIN.match(line) for line in cell.source.split("\n"))
        answer, checks = split_cell(cell.source) if has_solution else ("", cell.source)
        is_open = checks.lstrip().startswith("discuss(")
        checks_called = CHECK_NAME.findall(checks)
        if answer:
            new = nbformat.v4.new_code_cell(answer, metadata=dict(meta))
            if has_solution and is_open:
                new.metadata["nbgrader"] = _meta(f"answer_{i}", solution=True, grade=True, points=OPEN_POINTS)
                summary["manual_points"] += OPEN_POINTS
            elif has_solution:
                new.metadata["nbgrader"] = _meta(f"answer_{i}", solution=True)
            nb.cells.append(new)
        if not checks:
            continue
        if checks_called and has_solution:
            gid = f"test_{i}_" + "_".join(c.removeprefix("check_") for c in checks_called)
            new = nbformat.v4.new_code_cell(TEST_HEAD + checks + TEST_TAIL, metadata=dict(meta))
            new.metadata["nbgrader"] = _meta(gid, grade=True, locked=True, points=len(checks_called))
            summary["tests"].append({"grade_id": gid, "checks": checks_called, "points": len(checks_called)})
            summary["auto_points"] += len(checks_called)
        else:
            new = nbformat.v4.new_code_cell(checks, metadata=dict(meta))
            if has_solution:
                new.metadata["nbgrader"] = _meta(f"discussion_{i}", locked=True)
        nb.cells.append(new)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb, summary


def _nbgrader(args: list[str], course: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("nbgrader")
    cmd = [str(exe) if exe.exists() else "nbgrader", *args]
    # nbgrader runs `alembic` (the gradebook's migrations) from PATH: put the venv's bin/ first.
    env = {**os.environ, "HF_HUB_OFFLINE": "1",
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    proc = subprocess.run(cmd, cwd=course, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def export(out: Path, names: list[str] | None = None, generate: bool = True) -> dict:
    """Write the course directory and (with ``generate``) release every assignment; return the summaries."""
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    (out / "nbgrader_config.py").write_text(CONFIG)
    paths = sorted((ROOT / "solutions").glob("*.ipynb"))
    if names:
        paths = [p for p in paths if p.stem in names]
        missing = set(names) - {p.stem for p in paths}
        if missing:
            raise SystemExit(f"no solution notebook for {sorted(missing)}")
    summaries = {}
    for path in paths:
        nb, summary = to_source(nbformat.read(path, as_version=4), path.stem)
        folder = out / "source" / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / path.name)
        summaries[path.stem] = summary
        if generate:
            _nbgrader(["generate_assignment", path.stem, "--force"], out)
    (out / "points.json").write_text(json.dumps(summaries, indent=2) + "\n")
    return summaries


def grade(out: Path, name: str, submission: Path, student: str) -> dict:
    """Autograde ``submission`` as ``student``'s notebook for assignment ``name``; return the scores."""
    out = Path(out).resolve()
    folder = out / "submitted" / student / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy(submission, folder / f"{name}.ipynb")
    _nbgrader(["autograde", name, "--student", student, "--force", "--create"], out)
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(name, name, student)
        auto = [g for g in nb.grades if g.name.startswith("test_")]
        manual = [g for g in nb.grades if not g.name.startswith("test_")]
        return {"assignment": name, "student": student,
                "auto_score": sum(g.auto_score for g in auto), "auto_max": sum(g.max_score for g in auto),
                "manual_max": sum(g.max_score for g in manual),
                "manual_auto_zero": sum(g.max_score for g in manual if g.auto_score == 0),
                "tests": {g.name: g.auto_score for g in auto}}


def verify(out: Path, names: list[str]) -> list[str]:
    """Grade every exported assignment's solution (must score every autograded point) and its
    released blank (must score zero, open questions included); return the problems found."""
    out = Path(out).resolve()
    problems = []
    for name in names:
        sol = grade(out, name, out / "source" / name / f"{name}.ipynb", "solution")
        blank = grade(out, name, out / "release" / name / f"{name}.ipynb", "blank")
        print(f"{name}: solution {sol['auto_score']:g}/{sol['auto_max']:g} autograded "
              f"(+{sol['manual_max']:g} by hand), blank {blank['auto_score']:g}/{blank['auto_max']:g} "
              f"(open questions auto-zeroed: {blank['manual_auto_zero']:g}/{blank['manual_max']:g})")
        if not (sol["auto_max"] > 0 and sol["auto_score"] == sol["auto_max"]):
            problems.append(f"{name}: the solution scores {sol['auto_score']:g}/{sol['auto_max']:g}: {sol['tests']}")
        if blank["auto_score"] != 0 or blank["manual_auto_zero"] != blank["manual_max"]:
            problems.append(f"{name}: the blank exercise scores {blank['auto_score']:g}: {blank['tests']}")
    return problems


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", type=Path, default=ROOT / "_build" / "nbgrader")
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("export", help="write the nbgrader course directory and release every assignment")
    e.add_argument("names", nargs="*")
    e.add_argument("--no-generate", action="store_true", help="only write source/, do not run nbgrader")
    e.add_argument("--verify", action="store_true",
                   help="then autograde each solution (must score 100 %%) and blank release (must score 0)")
    g = sub.add_parser("grade", help="autograde one submitted notebook")
    g.add_argument("name")
    g.add_argument("submission", type=Path)
    g.add_argument("--student", required=True)
    args = p.parse_args(argv)
    if args.command == "export":
        summaries = export(args.out, args.names or None, generate=not args.no_generate)
        for name, s in summaries.items():
            print(f"{name}: {len(s['tests'])} test cells, {s['auto_points']} autograded points, "
                  f"{s['manual_points']} points graded by hand")
        print(f"nbgrader course directory: {args.out} (source/, release/, gradebook.db)")
        if args.verify:
            problems = verify(args.out, list(summaries))
            print("\n".join(problems) or f"verified: {len(summaries)} solutions score 100 %, their blanks 0")
            return 1 if problems else 0
        return 0
    print(json.dumps(grade(args.out, args.name, args.submission.resolve(), args.student), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
