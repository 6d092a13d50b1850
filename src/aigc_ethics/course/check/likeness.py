"""Checks for the likeness chapter."""

from __future__ import annotations

from aigc_ethics.course.check.feedback import Feedback, call, run_check


def check_consent(answer) -> None:
    """Exercise 1 of ``62_consent``: TODO describe what is checked, on which cases, and which wrong answers
    it must reject (add them to tests/test_check_wrong_answers_*.py)."""
    def body():
        if call(answer, 1) != 1:
            raise Feedback("TODO: say what is wrong in words a student understands", hint="TODO")
        return "TODO: say what the right answer shows"
    run_check("check_consent", answer, body)


def check_takedown_by_hashing(answer) -> None:
    """Exercise 1 of ``63_takedown_by_hashing``: TODO describe what is checked, on which cases, and which wrong answers
    it must reject (add them to tests/test_check_wrong_answers_*.py)."""
    def body():
        if call(answer, 1) != 1:
            raise Feedback("TODO: say what is wrong in words a student understands", hint="TODO")
        return "TODO: say what the right answer shows"
    run_check("check_takedown_by_hashing", answer, body)


def check_video_and_voice(answer) -> None:
    """Exercise 1 of ``64_video_and_voice``: TODO describe what is checked, on which cases, and which wrong answers
    it must reject (add them to tests/test_check_wrong_answers_*.py)."""
    def body():
        if call(answer, 1) != 1:
            raise Feedback("TODO: say what is wrong in words a student understands", hint="TODO")
        return "TODO: say what the right answer shows"
    run_check("check_video_and_voice", answer, body)
