"""Write the repository setting of `_config.yml` into every copy of it (`make set-repo`).

`_config.yml` is the one place to set where the course lives and which version students get:

    repository:
      url: https://github.com/OWNER/NAME     # badges, launch buttons, clone lines, pip installs
    course:
      install_ref: main                      # a release tag or commit freezes a term's version

This script rewrites, from those two values, the Colab badges (`.../github/OWNER/NAME/blob/REF/...`)
and the setup cells' pip install (`aigc-ethics[colab] @ git+URL@REF`) in lessons/*.py and in the
notebooks' first two cells (outputs untouched: the title cell is markdown, the setup cell prints
nothing outside Colab), the clone lines and Binder links in the docs, and any other link to the
placeholder repository. `--check` only lists the copies that disagree (tests/test_repo_setting.py).

    .venv/bin/python tools/set_repo.py            # rewrite
    .venv/bin/python tools/set_repo.py --check    # exit 1 and list what disagrees
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
#: The repository the course was written in; any link to it is a copy of the setting.
PLACEHOLDER = "aigc-ethics/aigc-ethics-course"
#: The extras the setup cell installs on Colab (pyproject.toml [project.optional-dependencies]).
EXTRAS = "colab"
#: ... and in the real-model appendices (appendices/, lessons/appendices/), which also need the hub extra.
HUB_EXTRAS = "colab,hub"
NOTEBOOK_DIRS = ("notebooks", "solutions", "exercises", "appendices")
TEXT_GLOBS = ("lessons/*.py", "lessons/appendices/*.py", "README.md", "CONTRIBUTING.md", "book/**/*.md", "binder/*", ".github/workflows/*.yml")
NOTEBOOK_CELLS = (0, 1)


def settings(root: Path = ROOT) -> dict:
    cfg = yaml.safe_load((root / "_config.yml").read_text())
    url = cfg["repository"]["url"].rstrip("/")
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url):
        raise ValueError(f"repository.url must be https://github.com/OWNER/NAME, not {url!r}")
    ref = str((cfg.get("course") or {}).get("install_ref") or cfg["repository"].get("branch", "main"))
    slug = url.split("github.com/")[1]
    return {"url": url, "slug": slug, "name": slug.split("/")[1], "ref": ref}


# (pattern, replacement template, what it is); every pattern matches one kind of copy of the setting.
RULES = [
    (r"https://colab\.research\.google\.com/github/[\w.-]+/[\w.-]+/blob/[\w.-]+/",
     "https://colab.research.google.com/github/{slug}/blob/{ref}/", "Colab link"),
    (r'"aigc-ethics(?:\[(?!' + re.escape(HUB_EXTRAS) + r'\])[\w,]+\])? @ git\+https://github\.com/[\w.-]+/[\w.-]+?(?:@[\w./-]+)?"',
     '"aigc-ethics[' + EXTRAS + '] @ git+{url}@{ref}"', "setup-cell install"),
    (r'"aigc-ethics\[' + re.escape(HUB_EXTRAS) + r'\] @ git\+https://github\.com/[\w.-]+/[\w.-]+?(?:@[\w./-]+)?"',
     '"aigc-ethics[' + HUB_EXTRAS + '] @ git+{url}@{ref}"', "setup-cell install (hub appendix)"),
    (r"git clone https://github\.com/[\w.-]+/[\w.-]+?(?:\.git)?\ncd [\w.-]+",
     "git clone {url}\ncd {name}", "clone line"),
    (r"mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/[\w.%-]+", "mybinder.org/v2/gh/{slug}/{ref}", "Binder link"),
    (r"https://github\.com/" + re.escape(PLACEHOLDER) + r"(?![\w.-])", "{url}", "link to the placeholder"),
]


def rewrite(text: str, s: dict) -> str:
    for pattern, template, _ in RULES:
        text = re.sub(pattern, template.format(**s).replace("\\", "\\\\"), text)
    return text


def disagreements(text: str, s: dict) -> list[str]:
    """The copies of the setting in text that differ from s."""
    out = []
    for pattern, template, what in RULES:
        want = template.format(**s)
        out += [f"{what}: {m.group(0)!r}" for m in re.finditer(pattern, text) if m.group(0) != want]
    return out


def text_files(root: Path = ROOT) -> list[Path]:
    return sorted({p for g in TEXT_GLOBS for p in root.glob(g) if p.is_file()})


def notebooks(root: Path = ROOT) -> list[Path]:
    return sorted(p for d in NOTEBOOK_DIRS for p in (root / d).glob("*.ipynb"))


def run(root: Path = ROOT, check: bool = False) -> list[str]:
    """Rewrite (or, with check, only list) every copy of the setting under root."""
    s = settings(root)
    report = []
    for p in text_files(root):
        text = p.read_text()
        bad = disagreements(text, s)
        if bad:
            report += [f"{p.relative_to(root)}: {b}" for b in bad]
            if not check:
                p.write_text(rewrite(text, s))
    for p in notebooks(root):
        nb = nbformat.read(p, as_version=4)
        bad = [b for cell in nb.cells for b in disagreements(cell.source, s)]
        if bad:
            report += [f"{p.relative_to(root)}: {b}" for b in bad]
            if not check:
                stray = [i for i, c in enumerate(nb.cells) if i not in NOTEBOOK_CELLS and disagreements(c.source, s)]
                if stray:   # a later cell may have outputs that depend on it: re-execute instead
                    raise SystemExit(f"{p}: cells {stray} hold the repository; change the lesson source and run make lesson")
                for i in NOTEBOOK_CELLS:
                    nb.cells[i].source = rewrite(nb.cells[i].source, s)
                nbformat.write(nb, p)
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="write repository.url and course.install_ref of _config.yml everywhere")
    ap.add_argument("--check", action="store_true", help="only list the copies that disagree; exit 1 if any")
    args = ap.parse_args(argv)
    report = run(check=args.check)
    s = settings()
    print("\n".join(report) or f"every copy says {s['url']} @ {s['ref']}")
    if not args.check and report:
        print(f"rewritten to {s['url']} @ {s['ref']} ({len(report)} copies)")
    return int(args.check and bool(report))


if __name__ == "__main__":
    sys.exit(main())
