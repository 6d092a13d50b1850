"""The machinery every chapter's checks share: :func:`run_check`, :class:`Feedback`,
:func:`discuss`, :data:`RESULTS`, :data:`DISCUSSIONS`."""

from __future__ import annotations

import traceback
from typing import Callable

import numpy as np
from IPython.display import Markdown, display

#: One dict per check run in this kernel: ``{"check": name, "passed": bool}``.
RESULTS: list[dict] = []

PASS, FAIL, TODO = "✅ Correct", "❌ Not yet", "⏳ Not attempted yet"


class Feedback(Exception):
    """Raised inside a check to stop at the first problem, carrying the message and a hint."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


def _record(name: str, passed: bool, text: str) -> None:
    RESULTS.append({"check": name, "passed": bool(passed)})
    print(text)


def _is_blank(answer) -> bool:
    return answer is Ellipsis or answer is None


def _raised_in_student_code(err: BaseException) -> bool:
    """True when the traceback passes through :func:`call`, i.e. the student's function raised;
    False when the check itself failed on an answer of an unexpected type or shape."""
    return any(fs.name == "call" and fs.filename == __file__ for fs in traceback.extract_tb(err.__traceback__))


def run_check(name: str, answer, body: Callable[[], str], *, expected: str = "") -> None:
    """Run ``body`` (which raises :class:`Feedback` on a wrong answer and returns a success
    message) and print the outcome in a uniform way. ``expected`` describes the answer's
    type and shape, for the message shown when the check cannot use an answer."""
    if _is_blank(answer):
        return _record(name, False, f"{TODO} ({name}): replace the `...` with your answer, then run this cell again.")
    try:
        message = body()
    except NotImplementedError:
        return _record(name, False, f"{TODO} ({name}): your function still raises NotImplementedError. "
                                    f"Replace the `raise NotImplementedError(...)` line with your code.")
    except Feedback as fb:
        text = f"{FAIL} ({name}): {fb.message}"
        if fb.hint:
            text += f"\n   Hint: {fb.hint}"
        return _record(name, False, text)
    except Exception as err:  # the student's code crashed: say where, briefly
        if not _raised_in_student_code(err):
            want = f" Expected {expected}." if expected else ""
            return _record(name, False, f"{FAIL} ({name}): the check could not use your answer "
                                        f"({type(err).__name__}: {err}).{want}")
        last = traceback.extract_tb(err.__traceback__)[-1]
        return _record(name, False, f"{FAIL} ({name}): your code raised {type(err).__name__}: {err} "
                                    f"(line {last.lineno}: `{(last.line or '').strip()}`)")
    return _record(name, True, f"{PASS} ({name}): {message}")


def call(fn, *args, **kwargs):
    if not callable(fn):
        raise Feedback(f"expected a function, got {type(fn).__name__}")
    return fn(*args, **kwargs)


def number(got, *, what: str = "your function") -> float:
    """``got`` as one finite-or-nan float, or :class:`Feedback` saying a single number was expected."""
    if got is None:
        raise Feedback(f"{what} returned None.", "did you forget `return`?")
    if isinstance(got, (str, bytes, dict, set)):
        raise Feedback(f"{what} returned a {type(got).__name__}; expected a single number.")
    arr = np.asarray(got, dtype=object)
    if arr.ndim != 0:
        raise Feedback(f"{what} returned {'a one-element' if arr.size == 1 else 'an'} "
                       f"{type(got).__name__} of shape {arr.shape}; expected a single number.",
                       "return a plain number, e.g. float(value) (use .item() or [0] to unwrap a one-element array).")
    try:
        return float(got)
    except (TypeError, ValueError):
        raise Feedback(f"{what} returned {got!r}; expected a single number.") from None


def pair(got, *, what: str = "your function", names: str = "(low, high)") -> tuple[float, float]:
    """``got`` as a pair of floats (tuple, list or array of two numbers), or :class:`Feedback`."""
    if got is None:
        raise Feedback(f"{what} returned None; expected a pair {names}.", "did you forget `return`?")
    if isinstance(got, (str, bytes, dict, set)):
        raise Feedback(f"{what} returned a {type(got).__name__}; expected a pair {names}.")
    try:
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Feedback(f"{what} returned {got!r}; expected a pair of numbers {names}.") from None
    if arr.shape != (2,):
        raise Feedback(f"{what} returned something of shape {arr.shape}; expected a pair of two numbers {names}.")
    return float(arr[0]), float(arr[1])


# --------------------------------------------------------------------------------------------
# Open questions
# --------------------------------------------------------------------------------------------

#: Model discussions for open questions, by key. Chapter modules add theirs.
DISCUSSIONS: dict[str, str] = {}


def discuss(key: str, answer, *, min_words: int = 12) -> None:
    """Show the model discussion for open question ``key`` once ``answer`` is a real attempt.

    >>> discuss("spectrum-why", ...)                      # doctest: +SKIP
    ⏳ Not attempted yet ...
    """
    name = f"discuss:{key}"
    if key not in DISCUSSIONS:
        raise KeyError(f"no discussion called {key!r}; known: {sorted(DISCUSSIONS)}")
    if _is_blank(answer) or not isinstance(answer, str):
        return _record(name, False, f"{TODO} ({name}): write your answer as a string first; the discussion "
                                    f"appears once you have.")
    words = len(answer.split())
    if words < min_words:
        return _record(name, False, f"{TODO} ({name}): your answer has {words} words. Write at least "
                                    f"{min_words} (two or three sentences) to see the model discussion.")
    try:
        print(f"{PASS} ({name}): thank you for your answer. Compare it with this one:")
        display(Markdown(DISCUSSIONS[key]))
        RESULTS.append({"check": name, "passed": True})
    except ImportError:  # plain Python
        return _record(name, True, f"{PASS} ({name}):\n{DISCUSSIONS[key]}")


def passed(name: str) -> bool | None:
    """Outcome of the most recent run of check ``name`` in this kernel (None if never run)."""
    for r in reversed(RESULTS):
        if r["check"] == name:
            return r["passed"]
    return None
