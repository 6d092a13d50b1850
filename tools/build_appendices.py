"""Build the real-model appendices: lessons/appendices/NAME.py -> appendices/NAME.ipynb, WITHOUT outputs.

    .venv/bin/python tools/build_appendices.py            # every appendix (or name some: A1_privacy_on_a_real_model)

They need a GPU and internet, so the course never executes them and commits them without outputs
(an output the course did not compute would be a fabricated one); tests/test_hub_appendices.py
checks the pairing and runs them offline on a tiny saved pipeline. `make appendices` runs this.
"""
from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def build(src: Path) -> Path:
    nb = jupytext.read(src)
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    out = ROOT / "appendices" / f"{src.stem}.ipynb"
    nbformat.write(nb, out)
    return out


def main(argv=None) -> int:
    names = set(sys.argv[1:] if argv is None else argv)
    for src in sorted((ROOT / "lessons" / "appendices").glob("*.py")):
        if not names or src.stem in names:
            print(f"{build(src).relative_to(ROOT)}: built without outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
