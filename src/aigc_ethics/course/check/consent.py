"""Checks for lesson ``62_consent`` (likeness chapter): a consent decision, the expected number
of copies a branching process of reshares makes, and an open question on revocation."""

from __future__ import annotations

import numpy as np

from aigc_ethics.chapters.consent import REASONS, ConsentRegistry, expected_copies
from aigc_ethics.course.check.feedback import DISCUSSIONS, Feedback, call, number, run_check

_RECORDS = [
    {"person_id": "P01", "name": "Ada Quell", "purposes": ["education", "news"], "granted": 2, "expires": 20,
     "revoked": None},
    {"person_id": "P02", "name": "Bo Lind", "purposes": ["advertising"], "granted": 0, "expires": 30,
     "revoked": 10},
    {"person_id": "P03", "name": "Cai Nakai", "purposes": ["research"], "granted": 5, "expires": 8,
     "revoked": None},
]

# (person, purpose, day, why this case is here). Each case fails for one reason only.
_CASES = [
    ("P01", "education", 5, "a request inside scope and time"),
    ("P01", "education", 2, "a request on the day consent was granted"),
    ("P01", "news", 20, "a request on the expiry day (the last valid day)"),
    ("P01", "news", 21, "a request the day after expiry"),
    ("P01", "advertising", 5, "a purpose the person did not agree to"),
    ("P01", "education", 1, "a request before consent was granted"),
    ("P02", "advertising", 9, "the day before revocation"),
    ("P02", "advertising", 10, "the revocation day itself"),
    ("P02", "advertising", 25, "a day after revocation (consent not yet expired)"),
    ("P03", "research", 8, "a short consent on its last day"),
    ("P03", "research", 9, "a short consent the day after"),
    ("P99", "education", 5, "a person with no record"),
]


def _reason(got) -> str:
    """Accept a reason string, or an ``(allowed, reason)`` pair as the registry returns."""
    if isinstance(got, tuple) and len(got) == 2 and isinstance(got[1], str):
        got = got[1]
    if isinstance(got, (bool, np.bool_)):
        raise Feedback(f"your function returned {got}; expected the reason as a string, one of {REASONS}.",
                       "a bare True/False hides why a request was refused, and the audit log needs the reason.")
    if not isinstance(got, str):
        raise Feedback(f"your function returned {got!r}; expected one of {REASONS}.")
    if got not in REASONS:
        raise Feedback(f"your function returned {got!r}, which is not one of {REASONS}.",
                       "spell the reasons exactly as listed.")
    return got


_HINTS = {
    ("revoked", "allowed"): "a revoked consent must stop every request from the revocation day on "
                            "(day >= revoked), even though it has not expired.",
    ("expired", "allowed"): "the consent stops after its expiry day: refuse when day > expires.",
    ("allowed", "expired"): "the expiry day is the last valid day: refuse only when day > expires, not >=.",
    ("out of scope", "allowed"): "consent is for named purposes only: check that the purpose is in the record's list.",
    ("not yet granted", "allowed"): "consent counts from the day it is granted: refuse when day < granted.",
    ("allowed", "revoked"): "the day before revocation the consent still holds: refuse only when day >= revoked.",
    ("allowed", "not yet granted"): "the grant day itself counts: refuse only when day < granted.",
}


def check_consent_decision(fn) -> None:
    """``fn(records, person_id, purpose, day) -> reason`` (``records``: dict person_id -> record),
    one of :data:`aigc_ethics.chapters.consent.REASONS`. Rejects: ignoring revocation, allowing on
    the revocation day, expiry off by one, ignoring the purpose, a bare bool, crashing on an
    unknown person."""
    def body():
        reg = ConsentRegistry(_RECORDS)
        for pid, purpose, day, why in _CASES:
            records = {r["person_id"]: dict(r) for r in _RECORDS}
            try:
                got = call(fn, records, pid, purpose, day)
            except KeyError:
                if pid in records:
                    raise
                raise Feedback(f"for {why} ({pid}) your function raised KeyError.",
                               "a request for someone with no record must be refused with 'unknown person', "
                               "not crash the service: use records.get(person_id).") from None
            got = _reason(got)
            want = reg.decide(pid, purpose, day)[1]
            if got != want:
                hint = _HINTS.get((want, got), "check the record's fields in the order: unknown person, "
                                               "revoked, not yet granted, expired, out of scope.")
                raise Feedback(f"for {why} ({pid}, {purpose!r}, day {day}) your function said {got!r}; "
                               f"the registry says {want!r}.", hint)
        return (f"all {len(_CASES)} requests get the registry's reason, including the revocation day, the "
                f"expiry day and a person with no record.")
    run_check("check_consent_decision", fn, body, expected="a function returning a reason string")


def check_expected_copies(fn) -> None:
    """``fn(n_generated, reshare_mean) -> n / (1 - m)``: expected copies, originals included.
    Rejects one round of reshares only, reshares without the originals, the originals only,
    a number copied from the lesson, and a list."""
    def body():
        for n, m in ((10, 0.5), (100, 0.8), (7, 0.0), (3, 0.25)):
            got = number(call(fn, n, m), what="your function")
            want = expected_copies(n, m)
            if np.isclose(got, want, rtol=1e-6):
                continue
            if np.isclose(got, n * (1 + m)):
                hint = "you counted one round of reshares; every reshared copy is reshared again: 1 + m + m^2 + ..."
            elif np.isclose(got, n * m / (1 - m)):
                hint = "you counted the reshares but not the original images themselves."
            elif np.isclose(got, n):
                hint = "these are only the images the service made; count the copies the reshares make too."
            else:
                hint = "sum the geometric series n * (1 + m + m^2 + ...) = n / (1 - m)."
            raise Feedback(f"with n = {n} images and a mean of {m} reshares per copy your function gave "
                           f"{got:g}; expected {want:g}.", hint)
        return "the expected copies are n / (1 - m): each image becomes 1 / (1 - m) copies on average."
    run_check("check_expected_copies", fn, body, expected="a function returning one number")


DISCUSSIONS["consent-revocation"] = (
    "There is no single right answer. Points a good answer weighs: revocation works *forward* (the "
    "service stops making images, as GDPR Art. 17(1)(b) requires once consent is withdrawn), but the "
    "copies already shared are held by other people and platforms. Art. 17(2) only asks the controller "
    "that made the data public to take *reasonable steps* to inform the others, and Art. 17(3) exempts "
    "processing needed for freedom of expression and information, so a news use can stay. Takedown laws "
    "in the regulation table (e.g. the US TAKE IT DOWN Act, 48-hour removal including known identical "
    "copies) put a duty on platforms, but only for intimate images. A disclosure label and a consent "
    "assertion help a platform find the copies, but a re-save strips them (lesson 35). Who should bear "
    "the cost: the service that profited, the platforms that host the copies, or the person who must "
    "find and report every copy?"
)
