"""Checks for the likeness chapter."""

from __future__ import annotations

from aigc_ethics.course.check.feedback import Feedback, call, run_check


def check_personalisation(answer) -> None:
    """Exercise 1 of ``60_personalisation``: TODO describe what is checked, on which cases, and which wrong answers
    it must reject (add them to tests/test_check_wrong_answers_*.py)."""
    def body():
        if call(answer, 1) != 1:
            raise Feedback("TODO: say what is wrong in words a student understands", hint="TODO")
        return "TODO: say what the right answer shows"
    run_check("check_personalisation", answer, body)


def check_protective_perturbations(answer) -> None:
    """Exercise 1 of ``61_protective_perturbations``: TODO describe what is checked, on which cases, and which wrong answers
    it must reject (add them to tests/test_check_wrong_answers_*.py)."""
    def body():
        if call(answer, 1) != 1:
            raise Feedback("TODO: say what is wrong in words a student understands", hint="TODO")
        return "TODO: say what the right answer shows"
    run_check("check_protective_perturbations", answer, body)
