"""Wrong-but-plausible answers the consent checks (lesson 62) must reject, and natural correct
alternatives they must accept."""
import pytest

from aigc_ethics import check
from aigc_ethics.check import consent as K


def outcome(name):
    return check.passed(name)


def decide(records, pid, purpose, day, *, revoked_op=lambda d, r: d >= r, expired_op=lambda d, e: d > e,
           use_purpose=True, use_revoked=True):
    r = records.get(pid)
    if r is None:
        return "unknown person"
    if use_revoked and r["revoked"] is not None and revoked_op(day, r["revoked"]):
        return "revoked"
    if day < r["granted"]:
        return "not yet granted"
    if expired_op(day, r["expires"]):
        return "expired"
    if use_purpose and purpose not in r["purposes"]:
        return "out of scope"
    return "allowed"


def crashes_on_unknown(records, pid, purpose, day):
    records[pid]  # KeyError for an unknown person
    return decide(records, pid, purpose, day)


DECIDE_WRONG = {
    "ignores revocation": lambda *a: decide(*a, use_revoked=False),
    "allows on the revocation day": lambda *a: decide(*a, revoked_op=lambda d, r: d > r),
    "expiry day refused (off by one)": lambda *a: decide(*a, expired_op=lambda d, e: d >= e),
    "ignores the purpose": lambda *a: decide(*a, use_purpose=False),
    "returns a bool": lambda *a: decide(*a) == "allowed",
    "crashes on an unknown person": crashes_on_unknown,
    "misspelt reason": lambda *a: decide(*a).replace("unknown person", "unknown"),
    "returns None": lambda *a: None,
}
DECIDE_RIGHT = {
    "reference": decide,
    "returns (allowed, reason) like the registry": lambda *a: (decide(*a) == "allowed", decide(*a)),
    "conditions written as a valid window": lambda rs, p, pu, d: (
        "unknown person" if p not in rs else
        "revoked" if rs[p]["revoked"] is not None and not d < rs[p]["revoked"] else
        "not yet granted" if not rs[p]["granted"] <= d else
        "expired" if not d <= rs[p]["expires"] else
        "allowed" if pu in rs[p]["purposes"] else "out of scope"),
}


@pytest.mark.parametrize("name", DECIDE_WRONG)
def test_consent_decision_rejects(name, capsys):
    K.check_consent_decision(DECIDE_WRONG[name])
    assert outcome("check_consent_decision") is False
    out = capsys.readouterr().out
    assert "your code raised" not in out and "could not use" not in out


@pytest.mark.parametrize("name", DECIDE_RIGHT)
def test_consent_decision_accepts(name):
    K.check_consent_decision(DECIDE_RIGHT[name])
    assert outcome("check_consent_decision") is True


def test_consent_decision_blank():
    K.check_consent_decision(...)
    assert outcome("check_consent_decision") is False


COPIES_WRONG = {
    "one round of reshares": lambda n, m: n * (1 + m),
    "reshares without the originals": lambda n, m: n * m / (1 - m),
    "originals only": lambda n, m: n,
    "number copied from the lesson": lambda n, m: 498.0,
    "list instead of a number": lambda n, m: [n / (1 - m)],
    "flipped fraction": lambda n, m: n * (1 - m),
}
COPIES_RIGHT = {
    "formula": lambda n, m: n / (1 - m),
    "geometric series summed": lambda n, m: n * sum(m ** k for k in range(2000)),
}


@pytest.mark.parametrize("name", COPIES_WRONG)
def test_expected_copies_rejects(name, capsys):
    K.check_expected_copies(COPIES_WRONG[name])
    assert outcome("check_expected_copies") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", COPIES_RIGHT)
def test_expected_copies_accepts(name):
    K.check_expected_copies(COPIES_RIGHT[name])
    assert outcome("check_expected_copies") is True


def test_expected_copies_blank():
    K.check_expected_copies(...)
    assert outcome("check_expected_copies") is False
