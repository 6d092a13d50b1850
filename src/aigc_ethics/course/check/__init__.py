"""Feedback for exercises, in the spirit of Kaggle Learn's ``q1.check()``.

Every ``check_*`` function takes the student's answer (a function or a value), runs it on
cases whose right answer is known (including an edge case), and prints what is right, what is
wrong and a hint -- never a bare traceback. Open questions use :func:`discuss`, which shows a
model discussion only after the student has written a real answer.

Every check also records its outcome in :data:`RESULTS`, so the test suite can verify that the
solution notebooks pass every check and the blank exercise notebooks fail every one.

Chapter checks live in submodules (``aigc_ethics.check.foundations``, ...); this module holds
the machinery they share: :func:`run_check`, :class:`Feedback`, :func:`discuss`, :data:`RESULTS`.

>>> from aigc_ethics.check.foundations import check_log_spectrum
>>> check_log_spectrum(lambda img: ...)                  # doctest: +SKIP
"""

from aigc_ethics.course.check.feedback import DISCUSSIONS, FAIL, PASS, RESULTS, TODO, Feedback, call, discuss, passed, run_check

# The foundations chapter's checks, importable from here too (the first notebooks use this).
from aigc_ethics.course.check.foundations import check_brightest_channel, check_ddim_loop, check_log_spectrum

__all__ = ["DISCUSSIONS", "FAIL", "PASS", "RESULTS", "TODO", "Feedback", "call", "discuss", "passed", "run_check",
           "check_brightest_channel", "check_ddim_loop", "check_log_spectrum"]
