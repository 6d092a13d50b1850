"""Checks for the intellectual property chapter."""

from __future__ import annotations

from aigc_ethics.course.check.feedback import Feedback, call, run_check


def check_memorised_marks(answer) -> None:
    """Exercise 1 of ``36_memorised_marks``: TODO describe what is checked, on which cases, and which wrong answers
    it must reject (add them to tests/test_check_wrong_answers_*.py)."""
    def body():
        if call(answer, 1) != 1:
            raise Feedback("TODO: say what is wrong in words a student understands", hint="TODO")
        return "TODO: say what the right answer shows"
    run_check("check_memorised_marks", answer, body)


def check_attribution(answer) -> None:
    """Exercise 1 of ``37_attribution``: TODO describe what is checked, on which cases, and which wrong answers
    it must reject (add them to tests/test_check_wrong_answers_*.py)."""
    def body():
        if call(answer, 1) != 1:
            raise Feedback("TODO: say what is wrong in words a student understands", hint="TODO")
        return "TODO: say what the right answer shows"
    run_check("check_attribution", answer, body)


def check_protecting_a_style(answer) -> None:
    """Exercise 1 of ``39_protecting_a_style``: TODO describe what is checked, on which cases, and which wrong answers
    it must reject (add them to tests/test_check_wrong_answers_*.py)."""
    def body():
        if call(answer, 1) != 1:
            raise Feedback("TODO: say what is wrong in words a student understands", hint="TODO")
        return "TODO: say what the right answer shows"
    run_check("check_protecting_a_style", answer, body)
