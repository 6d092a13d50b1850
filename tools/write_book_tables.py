"""Write the static tables the book includes from the package's data (maintenance tool).

    .venv/bin/python tools/write_book_tables.py [--out book/generated]

* ``law_regulations.md``: the regulation table (``src/aigc_ethics/data/regulations.csv``), included by
  ``book/law_and_society.md``;
* ``composition.md``: the default training set's composition, included by ``book/datasheet.md``.
"""
import argparse
from pathlib import Path

from aigc_ethics.chapters.regulation import load_regulations, markdown_table
from aigc_ethics.core.datasets import composition_markdown

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=str(ROOT / "book" / "generated"))
    out = Path(p.parse_args(argv).out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "law_regulations.md").write_text(markdown_table(load_regulations()))
    (out / "composition.md").write_text(composition_markdown())
    print("wrote", out / "law_regulations.md", "and", out / "composition.md")


if __name__ == "__main__":
    main()
