"""A student's hand-in report: check outcomes from RESULTS plus recorded numbers, as JSON and markdown."""
import json

import numpy as np
import pytest

from aigc_ethics.check import RESULTS, Feedback, run_check
from aigc_ethics.course import report as R


@pytest.fixture(autouse=True)
def fresh():
    saved = list(RESULTS)
    RESULTS.clear()
    R.clear()
    yield
    RESULTS[:] = saved
    R.clear()


def test_short_name_is_the_same_module():
    from aigc_ethics.report import save_report
    assert save_report is R.save_report


def test_latest_outcome_and_attempts_per_check(capsys):
    def fail():
        raise Feedback("not yet")
    run_check("check_a", 1, fail)
    run_check("check_a", 1, lambda: "ok")
    run_check("check_b", ..., lambda: "ok")          # blank: recorded as not attempted / failed
    rows = R.checks_summary()
    assert rows == [{"check": "check_a", "passed": True, "attempts": 2},
                    {"check": "check_b", "passed": False, "attempts": 1}]


def test_save_report_writes_json_and_markdown(tmp_path, capsys):
    run_check("check_a", 1, lambda: "ok")
    R.record("AUC", np.float32(0.75), note="clean test set")
    R.record("extraction rate", 0.125, unit="share")
    R.record("per group", np.array([1, 2, 3]))
    R.record("AUC", 0.8)                               # recording again replaces
    json_path, md_path = R.save_report(tmp_path / "out" / "me.json", title="Detectors", student="A. B.")
    assert json_path.name == "me.json" and md_path.name == "me.md"
    rep = json.loads(json_path.read_text())
    assert rep["passed"] == 1 and rep["total"] == 1 and rep["student"] == "A. B."
    assert rep["numbers"] == {"AUC": {"value": 0.8, "unit": "", "note": ""},
                              "extraction rate": {"value": 0.125, "unit": "share", "note": ""},
                              "per group": {"value": [1, 2, 3], "unit": "", "note": ""}}
    md = md_path.read_text()
    assert "# Detectors" in md and "Checks passed: 1 of 1" in md
    assert "| `check_a` | passed | 1 |" in md and "| extraction rate | 0.125 | share |  |" in md
    assert "Wrote" in capsys.readouterr().out


def test_empty_report_says_so(tmp_path):
    _, md = R.save_report(tmp_path / "r")
    assert "Nothing to report yet" in md.read_text()


@pytest.mark.parametrize("bad, err", [("0.5", TypeError), (True, TypeError), (float("nan"), ValueError),
                                      (None, TypeError)])
def test_record_refuses_what_is_not_a_number(bad, err):
    with pytest.raises(err):
        R.record("x", bad)


def test_record_needs_a_name():
    with pytest.raises(ValueError):
        R.record("  ", 1.0)
