"""Disclosure labels and C2PA content credentials (offline)."""
import pytest
from PIL import Image

from aigc_ethics import provenance as P


@pytest.fixture(scope="module")
def creds():
    return P.make_test_credentials()


@pytest.fixture(scope="module")
def png():
    return P.label_image(Image.new("RGB", (32, 32), "teal"))


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_label_round_trip_and_resave_strips_it(fmt):
    data = P.label_image(Image.new("RGB", (32, 32), "olive"), fmt=fmt, generator="test model")
    assert P.sniff_format(data) == fmt
    lab = P.read_label(data)
    assert lab["digital_source_type"] == "trainedAlgorithmicMedia" and lab["uri"] == P.IPTC_TRAINED
    assert lab["generator"] == "test model" and lab["where"] == "xmp"
    assert P.read_label(P.resave(data, fmt=fmt))["digital_source_type"] is None


def test_unlabelled_image_has_no_label():
    assert P.read_label(Image.new("RGB", (8, 8)))["digital_source_type"] is None


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_sign_verify_tamper_resave(creds, fmt):
    data = P.label_image(Image.new("RGB", (48, 48), "navy"), fmt=fmt)
    signed = P.sign(data, creds)
    untrusted = P.verify(signed)
    assert untrusted["state"] == "Valid" and "signingCredential.untrusted" in untrusted["errors"]
    ok = P.verify(signed, trust_anchor=creds["root_pem"])
    assert ok["state"] == "Trusted" and ok["errors"] == []
    assert ok["digital_source_type"] == "trainedAlgorithmicMedia" and ok["generator"] == "aigc_ethics tiny"
    bad = P.verify(P.tamper(signed, offset=P.pixel_offset(signed)), trust_anchor=creds["root_pem"])
    assert bad["state"] == "Invalid" and any("mismatch" in e for e in bad["errors"])
    assert P.verify(P.resave(signed, fmt=fmt))["state"] == "Missing"
    # signing keeps the disclosure label
    assert P.read_label(signed)["digital_source_type"] == "trainedAlgorithmicMedia"


def test_another_chain_is_not_trusted(creds, png):
    other = P.make_test_credentials()
    assert P.verify(P.sign(png, other), trust_anchor=creds["root_pem"])["state"] == "Valid"


def test_bad_input(creds, png, tmp_path):
    with pytest.raises(ValueError, match="PNG and JPEG"):
        P.sign(b"GIF89a" + b"\x00" * 20, creds)
    with pytest.raises(ValueError, match="credentials"):
        P.sign(png, {"key_pem": "x"})
    with pytest.raises(ValueError, match="empty"):
        P.verify(b"")
    with pytest.raises(ValueError, match="no such file"):
        P.read_label(tmp_path / "missing.png")
    with pytest.raises(ValueError, match="damaged"):
        P.read_label(png[:40])
    with pytest.raises(ValueError, match="source_type"):
        P.label_image(Image.new("RGB", (8, 8)), source_type="AI")
    with pytest.raises(ValueError, match="offset"):
        P.tamper(png, offset=2.0)
    with pytest.raises(ValueError, match="bytes"):
        P.verify(123)
