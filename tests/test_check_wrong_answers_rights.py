"""Wrong-but-plausible answers the creators'-rights checks must reject, and natural correct
alternatives they must accept (lesson 53)."""
import json

import numpy as np
import pytest

from aigc_ethics import check
from aigc_ethics.check import rights as RI


def outcome(name):
    return check.passed(name)


# -- check_removed_share -----------------------------------------------------------------------
SHARE_WRONG = {
    "blank": lambda artists, reserved: ...,
    "share kept (flipped)": lambda artists, reserved: 1 - sum(a in reserved for a in artists) / len(artists),
    "share of artworks only (wrong denominator)":
        lambda artists, reserved: sum(a in reserved for a in artists) / max(1, sum(bool(a) for a in artists)),
    "count instead of share": lambda artists, reserved: sum(a in reserved for a in artists),
    "percentage": lambda artists, reserved: 100 * sum(a in reserved for a in artists) / len(artists),
    "off by one (n - 1)": lambda artists, reserved: sum(a in reserved for a in artists) / (len(artists) - 1),
    "list instead of scalar": lambda artists, reserved: [a in reserved for a in artists],
    "number copied from the lesson": lambda artists, reserved: 1 / 18,
}
SHARE_RIGHT = {
    "numpy mean": lambda artists, reserved: float(np.mean([a in reserved for a in artists])),
    "pandas isin": lambda artists, reserved: __import__("pandas").Series(artists).isin(reserved).mean(),
    "numpy float via count_nonzero": lambda artists, reserved: np.count_nonzero([a in reserved for a in artists]) / np.size(artists),
}


@pytest.mark.parametrize("name", SHARE_WRONG)
def test_removed_share_rejects(name, capsys):
    RI.check_removed_share(SHARE_WRONG[name])
    assert outcome("check_removed_share") is False


@pytest.mark.parametrize("name", SHARE_RIGHT)
def test_removed_share_accepts(name, capsys):
    RI.check_removed_share(SHARE_RIGHT[name])
    assert outcome("check_removed_share") is True


def test_removed_share_feedback_names_misconception(capsys):
    RI.check_removed_share(SHARE_WRONG["share of artworks only (wrong denominator)"])
    assert "portraits included" in capsys.readouterr().out
    RI.check_removed_share(SHARE_WRONG["share kept (flipped)"])
    assert "KEPT" in capsys.readouterr().out


# -- check_reserved_artists --------------------------------------------------------------------
def right(text):
    return {r["location"].split("/")[2] for r in json.loads(text) if r["tdm-reservation"] == 1}


def swallow_errors(text):
    try:
        return right(text)
    except ValueError:
        return set()


RES_WRONG = {
    "blank": lambda text: ...,
    "zero counted as reserved": lambda text: {r["location"].split("/")[2] for r in json.loads(text)},
    "paths instead of names": lambda text: {r["location"] for r in json.loads(text) if r["tdm-reservation"] == 1},
    "broken file read as nothing reserved": swallow_errors,
    "returns None": lambda text: None,
    "returns a string": lambda text: ",".join(sorted(right(text))),
}
RES_RIGHT = {
    "set comprehension": right,
    "list with a loop": lambda text: [r["location"].split("/")[2] for r in json.loads(text)
                                      if r.get("tdm-reservation") == 1],
    "course library": lambda text: __import__("aigc_ethics.tdm", fromlist=["x"]).reserved_artists(
        __import__("aigc_ethics.tdm", fromlist=["x"]).parse_tdmrep(text)),
}


@pytest.mark.parametrize("name", RES_WRONG)
def test_reserved_artists_rejects(name, capsys):
    RI.check_reserved_artists(RES_WRONG[name])
    assert outcome("check_reserved_artists") is False


@pytest.mark.parametrize("name", RES_RIGHT)
def test_reserved_artists_accepts(name, capsys):
    RI.check_reserved_artists(RES_RIGHT[name])
    assert outcome("check_reserved_artists") is True


def test_reserved_artists_feedback_names_misconception(capsys):
    RI.check_reserved_artists(RES_WRONG["zero counted as reserved"])
    assert "NOT reserved" in capsys.readouterr().out


def test_discussion_registered():
    assert "opt-out-after-training" in check.DISCUSSIONS
