"""Checks for the intellectual property chapter."""

from __future__ import annotations

from aigc_ethics.course.check.feedback import Feedback, call, run_check


def check_paying_creators(answer) -> None:
    """Exercise 1 of ``38_paying_creators``: TODO describe what is checked, on which cases, and which wrong answers
    it must reject (add them to tests/test_check_wrong_answers_*.py)."""
    def body():
        if call(answer, 1) != 1:
            raise Feedback("TODO: say what is wrong in words a student understands", hint="TODO")
        return "TODO: say what the right answer shows"
    run_check("check_paying_creators", answer, body)


def check_law_of_training_and_outputs(answer) -> None:
    """Exercise 1 of ``53_law_of_training_and_outputs``: TODO describe what is checked, on which cases, and which wrong answers
    it must reject (add them to tests/test_check_wrong_answers_*.py)."""
    def body():
        if call(answer, 1) != 1:
            raise Feedback("TODO: say what is wrong in words a student understands", hint="TODO")
        return "TODO: say what the right answer shows"
    run_check("check_law_of_training_and_outputs", answer, body)
