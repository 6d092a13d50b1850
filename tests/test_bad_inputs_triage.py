"""Bad and hostile inputs for provenance triage (detect.triage) and C2PA verification (issue 20)."""

import io

import numpy as np
import pytest
from PIL import Image

from aigc_ethics.chapters import detect as D
from aigc_ethics.chapters import provenance as P
from aigc_ethics.chapters import watermark as W


class Never:                                   # a detector that never flags anything
    def predict_proba(self, images):
        return np.zeros(len(images))


@pytest.fixture(scope="module")
def setup():
    rng = np.random.default_rng(0)
    img = Image.fromarray(rng.integers(60, 200, (32, 32, 3), dtype=np.uint8))
    key = W.make_key(7)
    buf = io.BytesIO()
    W.embed(img, [1, 0] * 16, key).save(buf, format="PNG")
    return {"marked": buf.getvalue(), "key": key, "course": P.make_test_credentials(),
            "forger": P.make_test_credentials("Canon Inc."), "img": img}


def test_forged_camera_claim_on_a_watermarked_generation_is_not_believed(setup):
    # a watermarked generation, signed with a self-made chain that claims a camera capture
    forged = P.sign(setup["marked"], setup["forger"], title="IMG_0042.JPG", generator="Canon EOS R5",
                    source_type="digitalCapture")
    r = D.triage(forged, detector=Never(), threshold=0.5, watermark_key=setup["key"], trust_anchor=setup["course"]["root_pem"])
    assert r["credentials"] == "Valid" and r["trusted_signer"] is False
    assert r["verdict"] == "AI-generated (watermark)"
    assert r["watermark_score"] > 5 and r["detector_score"] == 0.0        # pixel checks ran
    assert any("digitalCapture" in c and "watermark" in c for c in r["conflicts"])
    assert "test root" in r["trust_root"] and "not the C2PA trust list" in r["trust_root"]
    # the same pixels unsigned: also AI-generated (watermark), without conflicts
    u = D.triage(setup["marked"], detector=Never(), threshold=0.5, watermark_key=setup["key"])
    assert u["verdict"] == "AI-generated (watermark)" and u["conflicts"] == []


def test_forged_camera_claim_without_watermark_stays_unverified(setup):
    buf = io.BytesIO()
    setup["img"].save(buf, format="PNG")
    forged = P.sign(buf.getvalue(), setup["forger"], source_type="digitalCapture")
    r = D.triage(forged, detector=Never(), threshold=0.5, trust_anchor=setup["course"]["root_pem"])
    assert r["verdict"] == "unverified claim (unknown signer)" and "not verified" in r["basis"]
    assert D.triage(forged)["verdict"] == "unverified claim (unknown signer)"


def test_trusted_camera_claim_with_watermark_is_a_conflict(setup):
    signed = P.sign(setup["marked"], setup["course"], source_type="digitalCapture")
    r = D.triage(signed, watermark_key=setup["key"], trust_anchor=setup["course"]["root_pem"])
    assert r["trusted_signer"] is True and r["verdict"] == "conflicting evidence" and r["conflicts"]


def test_garbage_trust_anchor_raises_a_clear_error(setup):
    signed = P.sign(setup["marked"], setup["course"])
    for bad in ("garbage", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", 42, b"\x00\x01"):
        with pytest.raises(ValueError, match="trust_anchor"):
            P.verify(signed, trust_anchor=bad)
        with pytest.raises(ValueError, match="trust_anchor"):
            D.triage(signed, trust_anchor=bad)
    leaf_only = setup["course"]["chain_pem"].split("-----END CERTIFICATE-----")[0] + "-----END CERTIFICATE-----\n"
    with pytest.raises(ValueError, match="CA"):
        P.verify(signed, trust_anchor=leaf_only)
    assert P.verify(signed, trust_anchor=setup["course"]["root_pem"].encode())["state"] == "Trusted"


def test_truncated_unsigned_png_is_not_reported_as_altered_after_signing(setup):
    data = setup["marked"][: len(setup["marked"]) // 2]
    v = P.verify(data)
    assert v["state"] == "Missing" and "damaged" in v["errors"][0]
    r = D.triage(data, detector=Never(), watermark_key=setup["key"])
    assert r["verdict"] == "unreadable file" and r["credentials"] == "Missing"


def test_triage_refuses_bad_arguments(setup):
    for bad in (b"", None, "file.png", 3):
        with pytest.raises(ValueError, match="bytes"):
            D.triage(bad)
    for thr in (float("nan"), float("inf"), "0.5", None):
        with pytest.raises(ValueError, match="threshold"):
            D.triage(setup["marked"], detector=Never(), threshold=thr)
    with pytest.raises(ValueError, match="predict_proba"):
        D.triage(setup["marked"], detector="spectral")
    with pytest.raises(ValueError, match="only PNG and JPEG"):
        D.triage(b"GIF89a....")

    class NaNDetector:
        def predict_proba(self, images):
            return np.full(len(images), np.nan)

    with pytest.raises(ValueError, match="detector returned nan"):
        D.triage(setup["marked"], detector=NaNDetector())
