"""The nbgrader export (tools/nbgrader_export.py, `make autograder`): the course's checks become
nbgrader autograder tests; a solution scores every autograded point and the released blank zero.
One exercise runs end to end here (about 40 s); `make autograder` runs all of them."""
import nbformat
import nbgrader_export as G
import pytest

# Executes notebooks or builds a site: minutes, not seconds (`make unit` skips it; `make test` runs it).
# one worker runs this module; its fixture is session-scoped so that worker builds it once (xdist tears
# module fixtures down whenever a worker briefly has no next test)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("autograder")]

NAME = "10_memorisation"


@pytest.fixture(scope="session")
def course(tmp_path_factory):
    out = tmp_path_factory.mktemp("nbgrader")
    summary = G.export(out, [NAME])
    return out, summary[NAME]


def test_split_cell_puts_checks_after_the_last_solution_region():
    src = "def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n\ncheck_f(f)\nprint(1)"
    answer, checks = G.split_cell(src)
    assert answer.endswith("### END SOLUTION") and checks == "check_f(f)\nprint(1)"
    assert G.split_cell("x = 1") == ("x = 1", "")


def test_source_notebook_has_solution_test_and_manual_cells(root):
    nb, summary = G.to_source(nbformat.read(root / "solutions" / f"{NAME}.ipynb", 4), NAME)
    meta = [c.metadata.get("nbgrader") for c in nb.cells]
    tests = [m for m in meta if m and m["grade"] and not m["solution"]]
    answers = [m for m in meta if m and m["solution"] and not m["grade"]]
    manual = [m for m in meta if m and m["solution"] and m["grade"]]
    assert len(tests) == 3 and all(m["locked"] and m["points"] == 1 for m in tests)
    assert len(answers) == 3 and len(manual) == 1 and manual[0]["points"] == G.OPEN_POINTS
    assert summary["auto_points"] == 3 and summary["manual_points"] == G.OPEN_POINTS
    assert len({m["grade_id"] for m in meta if m}) == sum(1 for m in meta if m)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_release_has_no_solution(course):
    out, _ = course
    release = nbformat.read(out / "release" / NAME / f"{NAME}.ipynb", 4)
    text = "\n".join(c.source for c in release.cells)
    assert "BEGIN SOLUTION" not in text and "(distances < threshold)" not in text
    assert text.count("raise NotImplementedError()") >= 3


def test_solution_scores_full_marks_and_blank_zero(course):
    out, summary = course
    sol = G.grade(out, NAME, out / "source" / NAME / f"{NAME}.ipynb", "solution")
    blank = G.grade(out, NAME, out / "release" / NAME / f"{NAME}.ipynb", "blank")
    assert sol["auto_max"] == summary["auto_points"] == 3
    assert sol["auto_score"] == 3, sol["tests"]
    assert blank["auto_score"] == 0, blank["tests"]
    assert blank["manual_auto_zero"] == blank["manual_max"] == G.OPEN_POINTS   # unanswered: 0 without a grader
