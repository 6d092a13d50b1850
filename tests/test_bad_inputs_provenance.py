"""Bad inputs for the provenance entry points (labels, C2PA signing and verification)."""

import pytest
from PIL import Image

from aigc_ethics.chapters import provenance as P

IMG = Image.new("RGB", (8, 8), "teal")
BAD = [
    ("label_image", lambda: P.label_image(None), "expected image bytes"),
    ("label_image", lambda: P.label_image(b"garbage"), "damaged or not"),
    ("label_image", lambda: P.label_image(IMG, source_type="x"), "source_type"),
    ("label_image", lambda: P.label_image(IMG, fmt="gif"), "fmt"),
    ("label_image", lambda: P.label_image(IMG, fmt="jpeg", quality=0), "quality"),
    ("read_label", lambda: P.read_label(b""), "empty"),
    ("read_label", lambda: P.read_label(42), "expected image bytes"),
    ("read_label", lambda: P.read_label("/no/such/file.png"), "no such file"),
    ("sign", lambda: P.sign(IMG, {"a": 1}), "chain_pem"),
    ("sign", lambda: P.sign(IMG, {"chain_pem": "x", "key_pem": "y"}), "PEM certificates"),
    ("sign", lambda: P.sign(IMG, {"chain_pem": 1, "key_pem": None}), "PEM text"),
    ("verify", lambda: P.verify(b"GIF89a..."), "only PNG and JPEG"),
    ("verify", lambda: P.verify(b""), "empty"),
    ("verify", lambda: P.verify(P.label_image(IMG), trust_anchor="garbage"), "trust_anchor"),
    ("tamper", lambda: P.tamper(b"", offset=0), "non-empty"),
    ("tamper", lambda: P.tamper(b"ab", offset=2), "offset"),
    ("tamper", lambda: P.tamper(b"ab", offset=float("nan")), "offset"),
    ("pixel_offset", lambda: P.pixel_offset(b"garbage"), "only PNG and JPEG"),
    ("make_test_credentials", lambda: P.make_test_credentials(days=0), "days"),
    ("resave", lambda: P.resave(IMG, fmt="bmp"), "fmt"),
    ("resave", lambda: P.resave(IMG, fmt="jpeg", quality=500), "quality"),
]


@pytest.mark.parametrize("entry, call, words", BAD, ids=[f"{e}-{i}" for i, (e, _, _) in enumerate(BAD)])
def test_provenance_refuses_bad_inputs_with_one_line(entry, call, words):
    with pytest.raises(ValueError) as err:
        call()
    assert words in str(err.value) and "\n" not in str(err.value)


def test_sign_refuses_a_single_self_signed_certificate():
    creds = P.make_test_credentials()
    root_only = {"chain_pem": creds["root_pem"], "key_pem": creds["key_pem"]}
    with pytest.raises(ValueError, match="leaf and its CA"):
        P.sign(IMG, root_only)
