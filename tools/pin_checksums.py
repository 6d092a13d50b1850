"""Pin the SHA-256 of every shipped checkpoint file inside the package (issue 20).

Writes src/aigc_ethics/data/pinned_checksums.json from the files under src/aigc_ethics/checkpoints/ (the
hashes are computed from the files, not copied from their checksums.json, and each folder's
checksums.json must agree). Run after retraining a shipped checkpoint:

    .venv/bin/python tools/pin_checksums.py          # write
    .venv/bin/python tools/pin_checksums.py --check  # exit 1 when the pinned hashes are stale
"""

from __future__ import annotations

import argparse
import json
import sys

from aigc_ethics.core.checkpoints import CHECKPOINTS, CHECKSUM_FILE, PINNED_FILE, sha256_file

OUT = PINNED_FILE


def compute() -> dict:
    pinned = {}
    for folder in sorted(p for p in CHECKPOINTS.iterdir() if p.is_dir()):
        files = {str(p.relative_to(folder)): sha256_file(p) for p in sorted(folder.rglob("*"))
                 if p.is_file() and p.name != CHECKSUM_FILE and "__pycache__" not in p.parts}
        record = json.loads((folder / CHECKSUM_FILE).read_text()) if (folder / CHECKSUM_FILE).is_file() else None
        if record != files:
            raise SystemExit(f"{folder.name}: {CHECKSUM_FILE} does not match the files; fix the checkpoint first")
        pinned[folder.name] = files
    return pinned


def render(pinned: dict) -> str:
    return json.dumps(pinned, indent=1, sort_keys=True) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="only check that the pinned file is up to date")
    args = ap.parse_args(argv)
    text = render(compute())
    if args.check:
        ok = OUT.is_file() and OUT.read_text() == text
        print("pinned hashes up to date" if ok else f"{OUT} is stale: run tools/pin_checksums.py")
        return 0 if ok else 1
    OUT.write_text(text)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
