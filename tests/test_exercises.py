"""One source for exercises: generated from solutions, every check passes on the solution and
fails on the blank exercise."""
import json
import re
import textwrap

import nbformat
import pytest
from nbclient import NotebookClient

from aigc_ethics import exercises as E

# Executes notebooks or builds a site: minutes, not seconds (`make unit` skips it; `make test` runs it).
pytestmark = pytest.mark.slow

CHECK_CALL = re.compile(r"^\s*(check_\w+|discuss)\(", re.M)


def test_stub_inside_function_raises():
    src = textwrap.dedent('''\
        def f(x):
            """doc"""
            ### BEGIN SOLUTION: square it
            y = x * x
            return y
            ### END SOLUTION
        check_f(f)''')
    out = E.stub_code(src)
    assert 'raise NotImplementedError("Exercise: square it")' in out
    assert "x * x" not in out and "check_f(f)" in out and '"""doc"""' in out


def test_stub_top_level_assignments_become_ellipsis():
    out = E.stub_code("### BEGIN SOLUTION\nmeans = img.mean(0)\nanswer, other = 1, 2\n### END SOLUTION\ncheck(answer)")
    assert out.splitlines()[:3] == ["means = ...  # your answer", "answer = ...  # your answer",
                                    "other = ...  # your answer"]


def test_unbalanced_markers_are_errors():
    with pytest.raises(ValueError, match="without an END"):
        E.stub_code("### BEGIN SOLUTION\nx = 1")
    with pytest.raises(ValueError, match="without a BEGIN"):
        E.stub_code("x = 1\n### END SOLUTION")


def test_markdown_regions():
    assert E.stub_markdown("Q?\n<!-- BEGIN SOLUTION -->\nA!\n<!-- END SOLUTION -->") == "Q?\n*Write your answer here.*"


def test_committed_exercises_match_solutions(root):
    assert E.stale(root) == [], "run `python -m aigc_ethics.exercises build`"


def _solutions(root):
    return sorted((root / "solutions").glob("*.ipynb"))


def test_there_are_exercises(root):
    assert _solutions(root), "no solution notebooks found"


@pytest.mark.parametrize("name", [p.name for p in sorted(__import__("pathlib").Path(__file__).resolve()
                                                         .parents[1].joinpath("solutions").glob("*.ipynb"))])
def test_every_check_passes_in_the_solution(root, name):
    """The committed solution shows a pass for every check; nbval re-executes it strictly, so the
    committed output is also what a fresh run prints."""
    nb = nbformat.read(root / "solutions" / name, as_version=4)
    n_checks = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or not CHECK_CALL.search(cell.source):
            continue
        n_checks += len(CHECK_CALL.findall(cell.source))
        assert "NBVAL_IGNORE_OUTPUT" not in cell.source, "check cells must be verified by nbval"
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert text.count("✅ Correct") == len(CHECK_CALL.findall(cell.source)), text
        assert "❌" not in text and "⏳" not in text
    assert n_checks >= 1


@pytest.mark.parametrize("name", [p.name for p in sorted(__import__("pathlib").Path(__file__).resolve()
                                                         .parents[1].joinpath("exercises").glob("*.ipynb"))])
def test_every_check_fails_on_the_blank_exercise(root, name):
    """No vacuous checks: run the exercise with its stubs; every check must report a failure."""
    nb = nbformat.read(root / "exercises" / name, as_version=4)
    expected = sum(len(CHECK_CALL.findall(c.source)) for c in nb.cells if c.cell_type == "code")
    nb.cells.append(nbformat.v4.new_code_cell(
        "import json; from aigc_ethics import check; print('RESULTS=' + json.dumps(check.RESULTS))"))
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(root / "exercises")}}).execute()
    out = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    results = json.loads(out.split("RESULTS=", 1)[1])
    assert len(results) == expected, f"expected {expected} checks to run, got {results}"
    assert not any(r["passed"] for r in results), f"a check passed on a blank exercise: {results}"
