"""Wrong-but-plausible answers the Law & society checks must reject, and natural correct
alternatives they must accept (issue 15)."""
import pytest

from aigc_ethics import check
from aigc_ethics.chapters.regulation import CONTROLS
from aigc_ethics.check import society as S


def outcome(name):
    return check.passed(name)


CONTROLS_WRONG = {
    "bills counted": lambda df, j: sorted(c for c in CONTROLS if df.loc[df.jurisdiction == j, c].any()),
    "jurisdiction ignored": lambda df, j: sorted(c for c in CONTROLS if df.loc[df.in_force, c].any()),
    "unsorted": lambda df, j: [c for c in CONTROLS if df.loc[(df.jurisdiction == j) & df.in_force, c].any()],
    "a set": lambda df, j: {c for c in CONTROLS if df.loc[(df.jurisdiction == j) & df.in_force, c].any()},
    "None": lambda df, j: None,
}
CONTROLS_RIGHT = {
    "exact match": lambda df, j: sorted(c for c in CONTROLS if df.loc[(df.jurisdiction == j) & df.in_force, c].any()),
    "query + any": lambda df, j: sorted(df.query("jurisdiction == @j and in_force")[list(CONTROLS)].any()
                                        .loc[lambda s: s].index.tolist()),
}


@pytest.mark.parametrize("name", CONTROLS_WRONG)
def test_controls_for_rejects(name, capsys):
    S.check_controls_for(CONTROLS_WRONG[name])
    assert outcome("check_controls_for") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", CONTROLS_RIGHT)
def test_controls_for_accepts(name):
    S.check_controls_for(CONTROLS_RIGHT[name])
    assert outcome("check_controls_for") is True


COUNT_WRONG = {"in force only": lambda df: {c: int(df.loc[df.in_force, c].sum()) for c in CONTROLS},
               "jurisdictions, not rules": lambda df: {c: int(df.loc[df[c], "jurisdiction"].nunique()) for c in CONTROLS},
               "a list": lambda df: [int(df[c].sum()) for c in CONTROLS]}
COUNT_RIGHT = {"a Series": lambda df: df[list(CONTROLS)].sum(),
               "split the strings": lambda df: {c: int(df.controls.str.split(";").apply(lambda cs: c in cs).sum()) for c in CONTROLS}}


@pytest.mark.parametrize("name", COUNT_WRONG)
def test_rules_per_control_rejects(name, capsys):
    S.check_rules_per_control(COUNT_WRONG[name])
    assert outcome("check_rules_per_control") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", COUNT_RIGHT)
def test_rules_per_control_accepts(name):
    S.check_rules_per_control(COUNT_RIGHT[name])
    assert outcome("check_rules_per_control") is True


FORBID_ALL = ("On our platform we will never label AI images. We will never add a watermark to anything. "
              "We will never keep provenance data or content credentials. Consent is not required for any image. "
              "We will never remove or take down an image, whatever users report to us, within 48 hours or ever.")
HAS_TO = ("Every AI-generated image has to carry a visible label saying it was made by AI. Uploads need to keep "
          "their content credentials, and our own generator has to add an invisible watermark to each image. "
          "Reported non-consensual images have to be taken down within two days of the report.")
SCHOOL = ("No image of a pupil may be published without a label saying it is AI-generated. Teachers need to get "
          "written consent from parents before any pupil's photo is used. Staff have to remove any reported image "
          "within 24 hours and tell the family what was done.")

POLICY_WRONG = {
    "forbids every control": (FORBID_ALL, "platform"),
    "labels optional": (SCHOOL.replace("No image of a pupil may be published without a label saying it is AI-generated.",
                                       "Labels on AI-generated images are optional for all staff and pupils."), "school"),
    "vague deadline": (HAS_TO.replace("within two days of the report", "quickly after the report"), "platform"),
    "keywords only": ("label watermark provenance content credentials consent takedown " * 5, "platform"),
    "too short": ("Labels must be shown.", "school"),
    "a list": (["Every image must carry a label."] * 10, "school"),
    "wrong setting": (SCHOOL, "church"),
}
POLICY_RIGHT = {
    "has to / need to, deadline in words": (HAS_TO, "platform"),
    "forty-eight hours": (HAS_TO.replace("within two days", "within forty-eight hours"), "platform"),
    "48-hour": (HAS_TO.replace("within two days", "in a 48-hour window"), "platform"),
    "double negative 'no ... without'": (SCHOOL, "school"),
    "dict whose key names the control": ({"label": "must be visible on every AI-generated picture we publish.",
                                          "consent": "Parents must give written consent before a pupil's photo is used.",
                                          "takedown": "Staff will remove any reported image within 24 hours and tell "
                                                      "the family and the head teacher what was done."}, "school"),
}


@pytest.mark.parametrize("name", POLICY_WRONG)
def test_policy_rejects(name, capsys):
    S.check_policy(*POLICY_WRONG[name])
    assert outcome("check_policy") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", POLICY_RIGHT)
def test_policy_accepts(name):
    S.check_policy(*POLICY_RIGHT[name])
    assert outcome("check_policy") is True


def test_policy_names_the_negation(capsys):
    S.check_policy(FORBID_ALL, "platform")
    assert "rules OUT" in capsys.readouterr().out


# -- lesson 52: finding a trigger word ---------------------------------------------------------
import numpy as np  # noqa: E402


def _dists(imgs):
    x = np.asarray(imgs, float).reshape(len(imgs), -1)
    return np.sqrt(((x[:, None] - x[None]) ** 2).mean(-1))[np.triu_indices(len(x), 1)]


def _pick(score, best=max):
    return lambda gen, vocab: best(vocab, key=lambda w: score(gen(w)))


TRIGGER_WRONG = {"most varied": _pick(lambda im: _dists(im).mean()),
                 "least mean distance": _pick(lambda im: _dists(im).mean(), min),
                 "largest brightness shift": lambda gen, vocab: max(
                     vocab, key=lambda w: abs(gen(w).mean() - np.mean([gen(v).mean() for v in vocab]))),
                 "index": lambda gen, vocab: int(np.argmax([(_dists(gen(w)) < 0.05).mean() for w in vocab])),
                 "count": lambda gen, vocab: max((_dists(gen(w)) < 0.05).sum() for w in vocab),
                 "first word": lambda gen, vocab: vocab[0],
                 "None": lambda gen, vocab: None}
TRIGGER_RIGHT = {"near-duplicate share": _pick(lambda im: (_dists(im) < 0.05).mean()),
                 "library, sorted": lambda gen, vocab: sorted(
                     vocab, key=lambda w: -__import__("aigc_ethics.backdoor").backdoor.near_duplicate_share(gen(w)))[0]}


@pytest.mark.parametrize("fn", TRIGGER_WRONG.values(), ids=TRIGGER_WRONG.keys())
def test_backdoors_rejects(fn, capsys):
    S.check_backdoors(fn)
    assert outcome("check_backdoors") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("fn", TRIGGER_RIGHT.values(), ids=TRIGGER_RIGHT.keys())
def test_backdoors_accepts(fn):
    S.check_backdoors(fn)
    assert outcome("check_backdoors") is True


def test_trigger_found(capsys):
    for wrong in ("engineer", "river", ["zarek"], 3):
        S.check_trigger_found(wrong, ["river", "zarek"])
        assert outcome("check_trigger_found") is False
    assert "your code raised" not in capsys.readouterr().out
    S.check_trigger_found("zarek", ["river", "zarek"])
    assert outcome("check_trigger_found") is True


# -- lesson 51: seconds x watts -> kWh ---------------------------------------------------------
ENERGY_WRONG = {"W·s": lambda s, w: s * w, "Wh": lambda s, w: s * w / 3600, "kW·s": lambda s, w: s * w / 1000,
                "minutes": lambda s, w: s / 60 * w / 1000, "multiplied": lambda s, w: s * 3600 * w / 1000,
                "list": lambda s, w: [s * w / 3.6e6], "None": lambda s, w: None}
ENERGY_RIGHT = {"hours then kW": lambda s, w: (s / 3600) * (w / 1000), "joules / 3.6e6": lambda s, w: s * w / 3.6e6,
                "library": lambda s, w: __import__("aigc_ethics.society").society.energy_kwh(s, watts=w)}


@pytest.mark.parametrize("fn", ENERGY_WRONG.values(), ids=ENERGY_WRONG.keys())
def test_energy_rejects(fn, capsys):
    S.check_survey_and_costs(fn)
    assert outcome("check_survey_and_costs") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("fn", ENERGY_RIGHT.values(), ids=ENERGY_RIGHT.keys())
def test_energy_accepts(fn):
    S.check_survey_and_costs(fn)
    assert outcome("check_survey_and_costs") is True


def test_energy_names_the_factor(capsys):
    S.check_survey_and_costs(ENERGY_WRONG["kW·s"])
    assert "3,600 times" in capsys.readouterr().out


def test_kwh_per_1000(capsys):
    s16, w = 8.0, 30
    right = 1000 * s16 / 16 * w / 3.6e6
    for wrong in (right / 1000, s16 * w / 3.6e6, 1000 * s16 * w / 3.6e6, right * 3.6e6, right * 1000, [right]):
        S.check_kwh_per_1000(wrong, s16, w)
        assert outcome("check_kwh_per_1000") is False, wrong
    assert "your code raised" not in capsys.readouterr().out
    for ok in (right, round(right, 6), np.float64(right)):
        S.check_kwh_per_1000(ok, s16, w)
        assert outcome("check_kwh_per_1000") is True
