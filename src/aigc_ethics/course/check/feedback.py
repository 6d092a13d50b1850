"""The machinery every chapter's checks share: :func:`run_check`, :class:`Feedback`,
:func:`discuss`, :data:`RESULTS`, :data:`DISCUSSIONS`."""

from __future__ import annotations

import traceback
from typing import Callable

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


def run_check(name: str, answer, body: Callable[[], str]) -> None:
    """Run ``body`` (which raises :class:`Feedback` on a wrong answer and returns a success
    message) and print the outcome in a uniform way."""
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
        last = traceback.extract_tb(err.__traceback__)[-1]
        return _record(name, False, f"{FAIL} ({name}): your code raised {type(err).__name__}: {err} "
                                    f"(line {last.lineno}: `{(last.line or '').strip()}`)")
    return _record(name, True, f"{PASS} ({name}): {message}")


def call(fn, *args, **kwargs):
    if not callable(fn):
        raise Feedback(f"expected a function, got {type(fn).__name__}")
    return fn(*args, **kwargs)


# --------------------------------------------------------------------------------------------
# Open questions
# --------------------------------------------------------------------------------------------

#: Model discussions for open questions, by key. Chapter modules add theirs.
DISCUSSIONS: dict[str, str] = {}


def discuss(key: str, answer, min_words: int = 12) -> None:
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
