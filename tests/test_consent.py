"""Unit tests for aigc_ethics.chapters.consent (lesson 62), including bad input."""
import numpy as np
import pytest

from aigc_ethics import consent as C
from aigc_ethics import provenance as P


def rec(**kw):
    base = {"person_id": "P01", "name": "Ada", "purposes": ["news"], "granted": 2, "expires": 10, "revoked": None}
    base.update(kw)
    return base


def test_decide_covers_every_reason():
    reg = C.ConsentRegistry([rec(), rec(person_id="P02", revoked=5)])
    assert reg.decide("P01", "news", 2) == (True, "allowed")
    assert reg.decide("P01", "news", 10) == (True, "allowed")          # expiry day is valid
    assert reg.decide("P01", "news", 11) == (False, "expired")
    assert reg.decide("P01", "news", 1) == (False, "not yet granted")
    assert reg.decide("P01", "advertising", 5) == (False, "out of scope")
    assert reg.decide("P02", "news", 4) == (True, "allowed")
    assert reg.decide("P02", "news", 5) == (False, "revoked")           # revocation day is refused
    assert reg.decide("P02", "news", 20) == (False, "revoked")          # revoked wins over expired
    assert reg.decide("P99", "news", 5) == (False, "unknown person")


def test_revoke_stops_future_requests():
    reg = C.ConsentRegistry([rec()])
    reg.revoke("P01", 6)
    assert reg.decide("P01", "news", 5)[0] and not reg.decide("P01", "news", 6)[0]
    with pytest.raises(KeyError):
        reg.revoke("P99", 6)
    with pytest.raises(ValueError, match="before it was granted"):
        reg.revoke("P01", 1)


@pytest.mark.parametrize("bad, err, match", [
    ("not a dict", TypeError, "must be a dict"),
    ({k: v for k, v in rec().items() if k != "expires"}, ValueError, "lacks field"),
    (rec(person_id=""), ValueError, "person_id"),
    (rec(purposes="news"), ValueError, "non-empty list"),
    (rec(purposes=[]), ValueError, "non-empty list"),
    (rec(purposes=["anything"]), ValueError, "unknown"),
    (rec(granted=1.5), TypeError, "integer day"),
    (rec(granted=True), TypeError, "integer day"),
    (rec(granted=-1), ValueError, ">= 0"),
    (rec(expires=1), ValueError, "expires"),
    (rec(revoked=1), ValueError, "revoked"),
])
def test_malformed_records_are_refused(bad, err, match):
    with pytest.raises(err, match=match):
        C.ConsentRegistry([bad])


def test_duplicate_records_and_bad_requests():
    with pytest.raises(ValueError, match="two consent records"):
        C.ConsentRegistry([rec(), rec()])
    reg = C.ConsentRegistry([rec()])
    with pytest.raises(TypeError):
        reg.decide("P01", 3, 5)
    with pytest.raises(TypeError):
        reg.decide("P01", "news", "5")
    with pytest.raises(TypeError):
        C.GenerationService({"P01": rec()})


def test_service_logs_every_request_and_labels_every_output():
    reg = C.ConsentRegistry([rec(profession="chef", skin_tone=4)])
    svc = C.GenerationService(reg)
    outs = [svc.request("P01", "news", 5), svc.request("P99", "news", 5), svc.request("P01", "news", 11)]
    assert [o["allowed"] for o in outs] == [True, False, False]
    assert len(svc.audit_log) == 3 and C.audit_summary(svc.audit_log) == {"allowed": 1, "unknown person": 1,
                                                                           "expired": 1}
    assert "png" not in outs[1] and "png" not in outs[2]
    assert P.read_label(outs[0]["png"])["digital_source_type"] == "trainedAlgorithmicMedia"
    labels = [a["label"] for a in outs[0]["manifest"]["assertions"]]
    assert labels == ["c2pa.actions", "aigc.consent"]


def test_synthetic_people_are_valid_and_seeded():
    a, b = C.synthetic_people(6, seed=1), C.synthetic_people(6, seed=1)
    assert a == b and len(C.ConsentRegistry(a)) == 6
    with pytest.raises(ValueError):
        C.synthetic_people(0)


def test_simulation_revocation_stops_generation_not_copies():
    a = C.simulate_shares(days=40, per_day=5, reshare_mean=0.8, revoke_day=10, seed=3)
    b = C.simulate_shares(days=40, per_day=5, reshare_mean=0.8, revoke_day=None, seed=3)
    assert a["generated"][10:].sum() == 0 and a["generated"][:10].sum() == 50
    assert np.all(np.diff(a["in_circulation"]) >= 0)
    assert a["in_circulation"][-1] > a["in_circulation"][9]            # copies kept appearing
    assert b["in_circulation"][-1] > a["in_circulation"][-1]
    again = C.simulate_shares(days=40, per_day=5, reshare_mean=0.8, revoke_day=10, seed=3)
    assert np.array_equal(a["in_circulation"], again["in_circulation"])
    no_reshare = C.simulate_shares(days=10, per_day=2, reshare_mean=0.0, revoke_day=4, seed=0)
    assert no_reshare["in_circulation"][-1] == 8


def test_simulation_mean_matches_theory():
    finals = [C.simulate_shares(days=60, per_day=5, reshare_mean=0.5, revoke_day=10, seed=s)["in_circulation"][-1]
              for s in range(100)]
    assert abs(np.mean(finals) - C.expected_copies(50, 0.5)) < 5


@pytest.mark.parametrize("kw", [{"reshare_mean": 1.0}, {"reshare_mean": -0.1}, {"days": 0}, {"per_day": 2.5},
                                {"revoke_day": -1}, {"revoke_day": 2.0}])
def test_simulation_bad_input(kw):
    with pytest.raises((ValueError, TypeError)):
        C.simulate_shares(**kw)


def test_expected_copies():
    assert C.expected_copies(10, 0.5) == 20.0 and C.expected_copies(7, 0) == 7.0
    with pytest.raises(ValueError):
        C.expected_copies(10, 1.0)
    with pytest.raises(ValueError):
        C.expected_copies(-1, 0.5)
