"""Shipped checkpoints and their SHA-256 checksums (core floor; no other course module needed).

Every checkpoint folder records the SHA-256 of its files in ``checksums.json``; the checkpoints
shipped inside the package are also pinned in ``data/pinned_checksums.json`` (written by
``tools/pin_checksums.py``), so weights that were replaced and re-hashed are refused.
:func:`verify_checksums` runs before every load (the pipeline, the VAE, the classifiers).

>>> from aigc_ethics.core.checkpoints import CHECKPOINTS, verify_checksums
>>> verify_checksums(CHECKPOINTS / "tiny")        # silent when intact
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

#: Where the checkpoints ship inside the package: "tiny" is the default model; other folders
#: are variants trained by the repo's scripts for particular chapters (see their MODEL_CARD.md).
CHECKPOINTS = Path(__file__).resolve().parents[1] / "checkpoints"
CHECKSUM_FILE = "checksums.json"
#: SHA-256 of every file of every shipped checkpoint, pinned in the package outside the folders
#: they protect (written by tools/pin_checksums.py): ``{variant: {relative path: sha256}}``.
PINNED_FILE = Path(__file__).resolve().parents[1] / "data" / "pinned_checksums.json"
PINNED: dict[str, dict[str, str]] = json.loads(PINNED_FILE.read_text()) if PINNED_FILE.is_file() else {}


class CheckpointError(RuntimeError):
    """A checkpoint folder is missing files or a file does not match its recorded SHA-256."""



def sha256_file(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_checksums(directory) -> dict:
    """Record the SHA-256 of every file under ``directory`` in ``checksums.json``."""
    directory = Path(directory)
    sums = {str(p.relative_to(directory)): sha256_file(p) for p in sorted(directory.rglob("*"))
            if p.is_file() and p.name != CHECKSUM_FILE}
    with open(directory / CHECKSUM_FILE, "w") as f:
        json.dump(sums, f, indent=1, sort_keys=True)
    return sums


def _read_checksums(directory: Path) -> dict:
    record = directory / CHECKSUM_FILE
    try:
        sums = json.loads(record.read_text())
    except ValueError:
        raise CheckpointError(f"{record} is not valid JSON: cannot verify the checkpoint") from None
    if not isinstance(sums, dict) or not sums:
        raise CheckpointError(f"{record} is empty or not a mapping of file -> SHA-256: refusing to load an "
                              "unverified checkpoint")
    bad = [k for k, v in sums.items() if not isinstance(v, str) or len(v) != 64
           or any(c not in "0123456789abcdef" for c in v)]
    if bad:
        raise CheckpointError(f"{record} has entries that are not SHA-256 hex digests: {bad[:3]}")
    present = {str(p.relative_to(directory)) for p in directory.rglob("*")
               if p.is_file() and p.name != CHECKSUM_FILE and "__pycache__" not in p.parts}
    uncovered = sorted(present - set(sums))
    if uncovered:
        raise CheckpointError(f"{record} is partial: it does not cover {uncovered[:3]}; refusing to load files "
                              "that no checksum protects")
    return sums


def _shipped_name(directory: Path) -> str | None:
    """The shipped variant's name when ``directory`` is a folder of the package's checkpoints."""
    try:
        rel = directory.resolve().relative_to(CHECKPOINTS.resolve())
    except ValueError:
        return None
    return rel.parts[0] if len(rel.parts) == 1 else None


def verify_checksums(directory) -> None:
    """Raise :class:`CheckpointError` if a recorded file is missing or altered, if
    ``checksums.json`` is missing, empty, malformed or partial (a file it does not cover), or,
    for a checkpoint shipped with the package, if the record or the files differ from the
    SHA-256 pinned in ``data/pinned_checksums.json`` (:data:`PINNED`) (so re-hashed weights are refused).
    See the threat model in the model card: this catches corruption and edits of the weights
    folder, not an attacker who can rewrite the package's code."""
    directory = Path(directory)
    record = directory / CHECKSUM_FILE
    if not directory.is_dir():
        raise CheckpointError(f"no checkpoint folder at {directory}")
    if not record.is_file():
        raise CheckpointError(f"{directory} has no {CHECKSUM_FILE}: cannot verify the checkpoint")
    sums = _read_checksums(directory)
    shipped = _shipped_name(directory)
    if shipped is not None:
        pinned = PINNED.get(shipped)
        if pinned is None:
            raise CheckpointError(f"the shipped checkpoint '{shipped}' has no hashes pinned in the package "
                                  "(data/pinned_checksums.json); maintainers: re-pin after retraining")
        if sums != pinned:
            changed = sorted(k for k in set(sums) | set(pinned) if sums.get(k) != pinned.get(k))
            raise CheckpointError(f"{record} does not match the hashes pinned in the package for '{shipped}' "
                                  f"(differs for {changed[:3]}): the weights were replaced and re-hashed, or "
                                  "the package is damaged. Reinstall the package.")
    for rel, expected in sums.items():
        path = directory / rel
        if not path.is_file():
            raise CheckpointError(f"checkpoint file {rel} is missing from {directory}")
        actual = sha256_file(path)
        if actual != expected:
            raise CheckpointError(
                f"checkpoint file {rel} has been altered or corrupted: its SHA-256 is {actual[:12]}..., "
                f"the recorded one is {expected[:12]}.... Reinstall the package or retrain with "
                f"`python -m aigc_ethics.train`.")
