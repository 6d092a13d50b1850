"""Provenance: disclosure labels in metadata and C2PA content credentials, all offline.

Two layers, both *attached* to a file (unlike a watermark, which lives in the pixels):

* a **disclosure label** (:func:`label_image`, :func:`read_label`): the IPTC "digital source
  type" ``trainedAlgorithmicMedia`` written as XMP and as a PNG text chunk (PNG) or XMP
  (JPEG). Anyone can write, edit or strip it: it is a statement, not a proof.
* a **C2PA manifest** (:func:`sign`, :func:`verify`): a signed record (who made the file,
  with which tool, which actions) bound to the exact bytes of the image by a hash. Signing
  uses a certificate chain made locally by :func:`make_test_credentials` (a root CA and a
  leaf; c2pa refuses a single self-signed certificate). Verification reports
  ``"Trusted"`` (valid and the chain ends in a trust anchor you gave), ``"Valid"``
  (cryptographically intact, signer unknown), ``"Invalid"`` (e.g. the pixels or bytes
  changed after signing) or ``"Missing"`` (no manifest: e.g. the image was re-saved).

Every function takes and returns plain values (paths, bytes, dicts, strings), so other
chapters can use them in a workflow without knowing c2pa.

>>> from PIL import Image
>>> png = label_image(Image.new("RGB", (32, 32), "teal"))      # PNG bytes with a label
>>> read_label(png)["digital_source_type"]
'trainedAlgorithmicMedia'
>>> creds = make_test_credentials()                            # doctest: +SKIP
>>> verify(sign(png, creds), trust_anchor=creds["root_pem"])["state"]   # doctest: +SKIP
'Trusted'
"""

from __future__ import annotations

import datetime as _dt
import io
import json
from pathlib import Path

import numpy as np
from PIL import Image, PngImagePlugin

from aigc_ethics.chapters import watermark as W

#: IPTC NewsCodes digital source type for media made by a trained generative model.
IPTC_TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
#: Other IPTC digital source types a label may carry (short name -> URI).
SOURCE_TYPES = {
    "trainedAlgorithmicMedia": IPTC_TRAINED,
    "compositeWithTrainedAlgorithmicMedia":
        "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia",
    "digitalCapture": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture",
}
FORMATS = {"png": "image/png", "jpeg": "image/jpeg"}
_PNG_KEY = "aigc:disclosure"


# --------------------------------------------------------------------------------------------
# Input helpers
# --------------------------------------------------------------------------------------------

def _to_bytes(source) -> bytes:
    """Bytes of ``source``: bytes, a path, or a PIL image (encoded as PNG)."""
    if isinstance(source, (bytes, bytearray)):
        if len(source) == 0:
            raise ValueError("the image is empty (0 bytes)")
        return bytes(source)
    if isinstance(source, (str, Path)):
        p = Path(source)
        if not p.is_file():
            raise ValueError(f"no such file: {p}")
        return p.read_bytes()
    if isinstance(source, Image.Image):
        buf = io.BytesIO()
        source.save(buf, format="PNG")
        return buf.getvalue()
    raise ValueError(f"expected image bytes, a file path or a PIL image, got {type(source).__name__}")


def sniff_format(data: bytes) -> str:
    """``"png"`` or ``"jpeg"`` from the first bytes of a file; anything else is refused.

    >>> sniff_format(b"\\x89PNG\\r\\n\\x1a\\n...")
    'png'
    """
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    raise ValueError("only PNG and JPEG files are supported here (the file starts with "
                     f"{data[:8]!r})")


def _open(data: bytes) -> Image.Image:
    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except Image.DecompressionBombError as err:
        raise ValueError(f"refusing to decode {len(data)} bytes: {err} (a decompression bomb?)") from None
    except Exception as err:
        raise ValueError(f"could not read an image from {len(data)} bytes: the file is damaged or not "
                         f"an image ({type(err).__name__})") from None
    return img


# --------------------------------------------------------------------------------------------
# Disclosure labels (IPTC digital source type in XMP / PNG text)
# --------------------------------------------------------------------------------------------

def _xmp_packet(source_type_uri: str, generator: str, note: str) -> str:
    esc = lambda s: (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # noqa: E731
                     .replace('"', "&quot;"))
    return ('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            '  <rdf:Description rdf:about=""\n'
            '    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"\n'
            '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n'
            '    xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            f'    Iptc4xmpExt:DigitalSourceType="{esc(source_type_uri)}"\n'
            f'    xmp:CreatorTool="{esc(generator)}">\n'
            f'   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{esc(note)}</rdf:li></rdf:Alt>'
            '</dc:description>\n'
            '  </rdf:Description>\n'
            ' </rdf:RDF>\n'
            '</x:xmpmeta>\n'
            '<?xpacket end="w"?>')


def label_image(image, *, source_type: str = "trainedAlgorithmicMedia", generator: str = "aigc_ethics tiny",
                note: str = "Generated by an AI model", fmt: str = "png", quality: int = 95) -> bytes:
    """Encode ``image`` (a PIL image, bytes or a path) as PNG or JPEG bytes carrying a
    disclosure label: the IPTC digital source type in XMP, plus (PNG) a readable text chunk.

    >>> png = label_image(Image.new("RGB", (8, 8)))
    >>> png[:4] == b"\\x89PNG"
    True
    """
    if source_type not in SOURCE_TYPES:
        raise ValueError(f"source_type must be one of {sorted(SOURCE_TYPES)}, got {source_type!r}")
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be 'png' or 'jpeg', got {fmt!r}")
    _check_quality(quality)
    img = image if isinstance(image, Image.Image) else _open(_to_bytes(image))
    if img.mode not in ("RGB", "RGBA", "L"):
        img = img.convert("RGB")
    xmp = _xmp_packet(SOURCE_TYPES[source_type], generator, note)
    buf = io.BytesIO()
    if fmt == "png":
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp)
        info.add_text(_PNG_KEY, json.dumps({"digital_source_type": source_type, "generator": generator,
                                            "note": note}))
        img.save(buf, format="PNG", pnginfo=info)
    else:
        img.convert("RGB").save(buf, format="JPEG", quality=quality, xmp=xmp.encode())
    return buf.getvalue()


def read_label(source) -> dict:
    """The disclosure label of a file as a dict: ``digital_source_type`` (short name, or None
    when there is no label), ``uri``, ``generator``, ``where`` (``"xmp"``/``"png-text"``/None).

    >>> read_label(Image.new("RGB", (8, 8)))["digital_source_type"] is None
    True
    """
    import re

    data = _to_bytes(source)
    img = _open(data)
    found = {"digital_source_type": None, "uri": None, "generator": None, "where": None}
    xmp = img.info.get("XML:com.adobe.xmp") or img.info.get("xmp")
    if isinstance(xmp, bytes):
        xmp = xmp.decode("utf-8", "replace")
    if xmp:
        m = re.search(r'DigitalSourceType="([^"]+)"', xmp) or re.search(
            r"<Iptc4xmpExt:DigitalSourceType>([^<]+)<", xmp)
        if m:
            uri = m.group(1)
            found.update(uri=uri, digital_source_type=uri.rsplit("/", 1)[-1], where="xmp")
            g = re.search(r'CreatorTool="([^"]*)"', xmp)
            found["generator"] = g.group(1) if g else None
            return found
    text = img.info.get(_PNG_KEY)
    if text:
        try:
            d = json.loads(text)
            st = d.get("digital_source_type")
            found.update(digital_source_type=st, uri=SOURCE_TYPES.get(st), generator=d.get("generator"),
                         where="png-text")
        except (ValueError, AttributeError):
            pass
    return found


def resave(source, *, fmt: str = "png", quality: int = 90) -> bytes:
    """Decode and re-encode an image with PIL, as a screenshot, an upload or an editor would:
    the pixels survive, metadata and C2PA manifests do not.

    >>> read_label(resave(label_image(Image.new("RGB", (8, 8)))))["digital_source_type"] is None
    True
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be 'png' or 'jpeg', got {fmt!r}")
    _check_quality(quality)
    img = _open(_to_bytes(source))
    buf = io.BytesIO()
    if fmt == "png":
        img.save(buf, format="PNG")
    else:
        img.convert("RGB").save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------
# C2PA content credentials
# --------------------------------------------------------------------------------------------

def make_test_credentials(organisation: str = "AIGC Ethics Course (TEST ONLY)", *, days: int = 30) -> dict:
    """A throwaway ES256 certificate chain for offline signing: a root CA and a leaf signed
    by it. Returns PEM strings ``root_pem``, ``chain_pem`` (leaf then root) and ``key_pem``
    (the leaf's private key). For teaching only: real signing uses a certificate from a CA
    on the C2PA trust list.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    if not isinstance(days, int) or days < 1:
        raise ValueError(f"days must be a positive integer, got {days!r}")
    now = _dt.datetime.now(_dt.timezone.utc) - _dt.timedelta(minutes=5)
    until = now + _dt.timedelta(days=days)

    def name(cn):
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)])

    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = name("Course test root CA")
    root_ski = x509.SubjectKeyIdentifier.from_public_key(root_key.public_key())
    root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(until)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         key_cert_sign=True, crl_sign=True, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(root_ski, critical=False)
            .sign(root_key, hashes.SHA256()))
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (x509.CertificateBuilder().subject_name(name("Course test signer")).issuer_name(root_name)
            .public_key(leaf_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(until)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         key_cert_sign=False, crl_sign=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(root_ski),
                           critical=False)
            .sign(root_key, hashes.SHA256()))
    pem = lambda c: c.public_bytes(serialization.Encoding.PEM).decode()  # noqa: E731
    key_pem = leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()).decode()
    return {"root_pem": pem(root), "chain_pem": pem(leaf) + pem(root), "key_pem": key_pem}


def _check_credentials(credentials) -> dict:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    if not isinstance(credentials, dict) or not {"chain_pem", "key_pem"} <= set(credentials):
        raise ValueError("credentials must be a dict with 'chain_pem' and 'key_pem' "
                         "(e.g. from make_test_credentials())")
    chain, key = credentials["chain_pem"], credentials["key_pem"]
    if not isinstance(chain, str) or not isinstance(key, str):
        raise ValueError("credentials['chain_pem'] and ['key_pem'] must be PEM text, got "
                         f"{type(chain).__name__} and {type(key).__name__}")
    try:
        certs = x509.load_pem_x509_certificates(chain.encode())
    except ValueError:
        raise ValueError(f"credentials['chain_pem'] must be PEM certificates (leaf then root), got {chain[:40]!r}") from None
    if len(certs) < 2:
        raise ValueError("credentials['chain_pem'] must hold a leaf and its CA (c2pa refuses a single self-signed "
                         f"certificate), got {len(certs)} certificate")
    try:
        load_pem_private_key(key.encode(), password=None)
    except (ValueError, TypeError):
        raise ValueError("credentials['key_pem'] must be an unencrypted PEM private key, got "
                         f"{key[:40]!r}") from None
    return credentials


def _check_quality(quality) -> int:
    if isinstance(quality, bool) or not isinstance(quality, (int, np.integer)) or not 1 <= quality <= 100:
        raise ValueError(f"quality must be an integer from 1 to 100, got {quality!r}")
    return quality


def manifest_definition(title: str = "generated image", *, generator: str = "aigc_ethics tiny",
                        source_type: str = "trainedAlgorithmicMedia") -> dict:
    """The manifest :func:`sign` writes: a ``c2pa.actions`` assertion saying the image was
    created by a trained algorithm (IPTC digital source type), with ``generator`` as the tool."""
    if source_type not in SOURCE_TYPES:
        raise ValueError(f"source_type must be one of {sorted(SOURCE_TYPES)}, got {source_type!r}")
    return {
        "claim_generator_info": [{"name": generator, "version": "1.0"}],
        "title": title,
        "assertions": [{
            "label": "c2pa.actions",
            "data": {"actions": [{"action": "c2pa.created", "digitalSourceType": SOURCE_TYPES[source_type],
                                  "softwareAgent": {"name": generator}}]},
        }],
    }


def check_trust_anchor(trust_anchor) -> list[str]:
    """The subjects of the certificates in ``trust_anchor`` (PEM text or bytes); a clear
    ``ValueError`` when it is not one or more PEM certificates. ``None`` gives ``[]``.

    A trust anchor decides what "Trusted" means: a file is "Trusted" when its signer chains to
    *this* root. In the course that root is made by :func:`make_test_credentials`, a local test
    root, not the C2PA trust list; a chain named after any organisation verifies as "Trusted"
    against its own root, so the name of a signer proves nothing without a root you chose.
    """
    from cryptography import x509

    if trust_anchor is None:
        return []
    if isinstance(trust_anchor, (bytes, bytearray)):
        trust_anchor = bytes(trust_anchor).decode("ascii", "replace")
    if not isinstance(trust_anchor, str):
        raise ValueError("trust_anchor must be PEM certificate text (e.g. credentials['root_pem']), "
                         f"got {type(trust_anchor).__name__}")
    try:
        certs = x509.load_pem_x509_certificates(trust_anchor.encode())
    except ValueError:
        raise ValueError("trust_anchor must be one or more PEM certificates ('-----BEGIN CERTIFICATE-----...'), "
                         f"got {trust_anchor[:40]!r}{'...' if len(trust_anchor) > 40 else ''}") from None
    if not any(c.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
               for c in certs if _has_basic_constraints(c)):
        raise ValueError("trust_anchor must contain a CA (root) certificate such as credentials['root_pem'], "
                         "got only end-entity certificates")
    return [c.subject.rfc4514_string() for c in certs]


def _has_basic_constraints(cert) -> bool:
    from cryptography import x509

    try:
        cert.extensions.get_extension_for_class(x509.BasicConstraints)
        return True
    except x509.ExtensionNotFound:
        return False


def trust_root_note(trust_anchor) -> str:
    """One sentence saying what "Trusted" is relative to, for reports."""
    subjects = check_trust_anchor(trust_anchor)
    if not subjects:
        return "no trust anchor given: no signer can be trusted, a valid signature only shows the file is intact"
    return (f"trusted means: chains to the root you passed ({'; '.join(subjects)}), a local test root in this "
            "course, not the C2PA trust list")


def _has_c2pa_data(data: bytes) -> bool:
    """Whether the bytes carry a C2PA manifest store at all (PNG chunk ``caBX``, JUMBF boxes)."""
    return b"caBX" in data or b"jumb" in data or b"c2pa" in data


def _context(trust_anchor: str | None = None, thumbnail: bool = False):
    import c2pa

    settings = {"builder": {"thumbnail": {"enabled": bool(thumbnail)}}}
    if trust_anchor:
        settings["trust"] = {"trust_anchors": trust_anchor}
        settings["verify"] = {"verify_trust": True}
    return c2pa.Context(c2pa.Settings.from_json(json.dumps(settings)))


def sign(source, credentials: dict, *, title: str = "generated image", generator: str = "aigc_ethics tiny",
         source_type: str = "trainedAlgorithmicMedia") -> bytes:
    """Sign ``source`` (PNG/JPEG bytes, a path or a PIL image) with a C2PA manifest; returns
    the signed file's bytes. ``credentials`` comes from :func:`make_test_credentials`.

    >>> creds = make_test_credentials()                      # doctest: +SKIP
    >>> signed = sign(Image.new("RGB", (32, 32)), creds)     # doctest: +SKIP
    """
    import c2pa

    creds = _check_credentials(credentials)
    data = _to_bytes(source)
    mime = FORMATS[sniff_format(data)]
    _open(data)  # refuse a damaged file before signing it
    info = c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, creds["chain_pem"].encode(),
                               creds["key_pem"].encode(), None)
    signer = c2pa.Signer.from_info(info)
    manifest = json.dumps(manifest_definition(title, generator=generator, source_type=source_type))
    src, dst = io.BytesIO(data), io.BytesIO()
    try:
        with c2pa.Builder(manifest, context=_context()) as builder:
            builder.sign(signer, mime, src, dst)
    except TypeError:  # older c2pa-python without contexts
        builder = c2pa.Builder(manifest)
        builder.sign(signer, mime, src, dst)
    return dst.getvalue()


def verify(source, *, trust_anchor: str | None = None) -> dict:
    """Read and validate a C2PA manifest. Returns a plain dict:

    * ``state``: ``"Trusted"``, ``"Valid"``, ``"Invalid"`` or ``"Missing"`` (no manifest);
    * ``digital_source_type``: the short IPTC name from the ``c2pa.created`` action, or None;
    * ``generator``, ``title``, ``errors`` (validation failure codes), ``signer`` (issuer);
    * ``trusted`` (True only for ``"Trusted"``: a *valid* signature from an unknown signer is
      not trusted) and ``trust_root`` (what "Trusted" is relative to, see :func:`trust_root_note`).

    Pass the root certificate (``credentials["root_pem"]``) as ``trust_anchor`` to get
    ``"Trusted"`` for files signed by that chain; anything that is not a PEM certificate raises
    ``ValueError``. A damaged file without any manifest is ``"Missing"`` (not "altered after
    signing"), with the damage in ``errors``.
    """
    import c2pa

    note = trust_root_note(trust_anchor)
    if isinstance(trust_anchor, (bytes, bytearray)):
        trust_anchor = bytes(trust_anchor).decode("ascii")
    data = _to_bytes(source)
    mime = FORMATS[sniff_format(data)]
    out = {"state": "Missing", "digital_source_type": None, "generator": None, "title": None,
           "errors": [], "signer": None, "trusted": False, "trust_root": note}
    try:
        reader = c2pa.Reader(mime, io.BytesIO(data), context=_context(trust_anchor))
    except Exception as err:  # c2pa raises when there is no manifest at all
        text = str(err)
        if "ManifestNotFound" in text or "JumbfNotFound" in text or "not found" in text.lower():
            return out
        if not _has_c2pa_data(data):  # a damaged file that was never signed
            out["errors"] = [f"damaged file, no manifest: {text[:160]}"]
            return out
        out.update(state="Invalid", errors=[text[:200]])
        return out
    with reader:
        store = json.loads(reader.json())
        state = reader.get_validation_state()
    out["state"] = str(state) if state else "Invalid"
    out["trusted"] = out["state"] == "Trusted"
    active = store.get("manifests", {}).get(store.get("active_manifest"), {})
    out["title"] = active.get("title")
    cgi = active.get("claim_generator_info") or [{}]
    out["generator"] = cgi[0].get("name")
    out["signer"] = (active.get("signature_info") or {}).get("issuer")
    for a in active.get("assertions", []):
        if a.get("label", "").startswith("c2pa.actions"):
            for act in a.get("data", {}).get("actions", []):
                if act.get("action") == "c2pa.created" and act.get("digitalSourceType"):
                    out["digital_source_type"] = act["digitalSourceType"].rsplit("/", 1)[-1]
    vr = store.get("validation_results") or {}
    failures = (vr.get("activeManifest") or {}).get("failure", [])
    out["errors"] = [f.get("code") for f in failures] + [s.get("code") for s in store.get("validation_status", [])
                                                        if "untrusted" not in str(s.get("code", ""))
                                                        and s.get("code") not in out["errors"]]
    out["errors"] = sorted({e for e in out["errors"] if e})
    return out


def tamper(data: bytes, *, offset: float = 0.5) -> bytes:
    """Flip one bit of one byte of ``data`` at relative position ``offset`` (0-1), to show that
    a signed file's hash no longer matches.

    >>> tamper(b"abcd", offset=0.0)[:1]
    b'`'
    """
    if not isinstance(data, (bytes, bytearray)) or len(data) == 0:
        raise ValueError("tamper needs non-empty bytes")
    if not 0 <= offset <= 1:
        raise ValueError(f"offset must be in [0, 1], got {offset}")
    b = bytearray(data)
    i = min(int(offset * len(b)), len(b) - 1)
    b[i] ^= 0x01
    return bytes(b)


def pixel_offset(data: bytes) -> float:
    """Relative position (0-1) inside the image data of a PNG (the middle of its largest IDAT
    chunk) or a JPEG (the middle of the entropy-coded scan), where :func:`tamper` changes pixels
    rather than metadata."""
    fmt = sniff_format(data)
    if fmt == "png":
        i, best = 8, (0, 0)
        while i + 8 <= len(data):
            n = int.from_bytes(data[i:i + 4], "big")
            if data[i + 4:i + 8] == b"IDAT" and n > best[1]:
                best = (i + 8, n)
            i += 12 + n
        if best[1] == 0:
            raise ValueError("no image data (IDAT) found in this PNG")
        return (best[0] + best[1] / 2) / len(data)
    sos = data.rfind(b"\xff\xda")
    if sos < 0:
        raise ValueError("no scan (SOS marker) found in this JPEG")
    return (sos + (len(data) - sos) / 2) / len(data)


def what_survives(signed: bytes, *, trust_anchor: str | None = None, watermark_key: bytes | None = None) -> list[dict]:
    """Share a signed (and possibly watermarked) file in four ways (as is, re-saved as PNG,
    re-saved as JPEG 75, one bit of pixel data flipped) and report for each: the C2PA state,
    the disclosure label, and (with ``watermark_key``) the course watermark's detection score
    (None when the file can no longer be decoded). Plain dicts, one per way."""
    shared = {"as signed": signed, "re-saved as PNG": resave(signed),
              "re-saved as JPEG 75": resave(signed, fmt="jpeg", quality=75),
              "one bit of pixel data flipped": tamper(signed, offset=pixel_offset(signed))}
    rows = []
    for how, data in shared.items():
        row = {"shared": how, "c2pa": verify(data, trust_anchor=trust_anchor)["state"]}
        try:
            row["label"] = read_label(data)["digital_source_type"]
        except ValueError:
            row["label"] = "(unreadable file)"
        if watermark_key is not None:
            try:
                row["watermark_score"] = round(W.detect_score(data, watermark_key), 1)
            except ValueError:
                row["watermark_score"] = None
        rows.append(row)
    return rows
