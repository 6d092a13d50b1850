"""Prepare the student build of the site: no solutions, no model answers, no answer keys.

    .venv/bin/python tools/student_build.py [--out _build/student]

``make book AUDIENCE=student`` runs this, then builds ``<out>/src`` with the stored outputs (no
notebook is executed) into ``<out>/_build/html``. The default ``make book`` stays complete.

What the student build leaves out
  * every table-of-contents entry under :data:`INSTRUCTOR_ONLY` (``solutions/``: the solution
    notebooks, whose outputs show the model discussions; ``book/answer_keys/``; the
    ``book/instructor_materials`` index), and a part of ``_toc.yml`` left empty by that;
  * on the pages it keeps: text between ``<!-- instructor-only -->`` and ``<!-- /instructor-only -->``,
    and every ``{doc}`` link to a dropped page, which becomes plain words (see :func:`student_text`).

It does so on a copy of the sources (``<out>/src``, hard links where possible): the files it
leaves out are never copied there, so no page of the student site can include or link them.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
#: Table-of-contents files (without extension) that only the instructor build contains.
INSTRUCTOR_ONLY = ("solutions/", "book/answer_keys/", "book/instructor_materials")
#: Folders copied into the student source tree (the pages' own files, figures, vendored assets).
COPIED = ("book", "notebooks", "exercises", "appendices")
INSTRUCTOR_BLOCK = re.compile(r"<!--\s*instructor-only\s*-->.*?<!--\s*/instructor-only\s*-->\n?", re.S)
DOC_ROLE = re.compile(r"\{doc\}`(?:(?P<title>[^`<]*?)\s*<(?P<target1>[^`>]+)>|(?P<target2>[^`<]+))`")
INCLUDE = re.compile(r"^```\{include\}\s+(\S+)", re.M)


def instructor_only(file: str) -> bool:
    return file.startswith(INSTRUCTOR_ONLY)


def student_toc(toc: dict) -> dict:
    """``toc`` without the instructor-only entries (and without the parts they leave empty)."""
    def keep(entries):
        out = []
        for e in entries:
            if instructor_only(e["file"]):
                continue
            e = dict(e)
            if "sections" in e:
                e["sections"] = keep(e["sections"])
                if not e["sections"]:
                    del e["sections"]
            out.append(e)
        return out

    toc = dict(toc)
    parts = []
    for part in toc.get("parts", []):
        chapters = keep(part["chapters"])
        if chapters:
            parts.append({**part, "chapters": chapters})
    toc["parts"] = parts
    return toc


def toc_files(toc: dict) -> list[str]:
    files = [toc["root"]]

    def walk(entries):
        for e in entries:
            files.append(e["file"])
            walk(e.get("sections", []))
    for part in toc.get("parts", []):
        walk(part["chapters"])
    return files


def student_config(config: dict) -> dict:
    """The site configuration for the student build: stored outputs (no execution), and the
    instructor-only folders excluded as a second guard."""
    config = yaml.safe_load(yaml.safe_dump(config))
    config["title"] = config.get("title", "") + " (student edition)"
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    config["exclude_patterns"] = list(config.get("exclude_patterns", [])) + [
        "solutions", "solutions/*", "book/answer_keys", "book/answer_keys/*"]
    # local Sphinx extensions are found relative to the config file, which sits above src/
    exts = (config.get("sphinx") or {}).get("local_extensions") or {}
    for name, path in exts.items():
        exts[name] = f"src/{path}"
    return config


def student_text(text: str, page: str) -> str:
    """A page's text for the student build: instructor-only blocks removed, links to dropped pages
    turned into words (``page`` is the page's path without extension, for relative links)."""
    text = INSTRUCTOR_BLOCK.sub("", text)
    folder = os.path.dirname(page)

    def unlink(m):
        target = m.group("target1") or m.group("target2")
        resolved = target.lstrip("/") if target.startswith("/") else os.path.normpath(os.path.join(folder, target))
        if not instructor_only(resolved.replace(os.sep, "/")):
            return m.group(0)
        return "the instructor edition" if resolved.startswith("solutions") or "answer_keys" in resolved \
            else "the instructor materials"
    return DOC_ROLE.sub(unlink, text)


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def prepare(out: Path, root: Path = ROOT) -> dict:
    """Write ``<out>/src`` (the student source tree), ``<out>/_toc.yml`` and ``<out>/_config.yml``;
    return the student table of contents."""
    out, root = Path(out).resolve(), Path(root).resolve()
    src = out / "src"
    if src.exists():
        shutil.rmtree(src)
    toc = student_toc(yaml.safe_load((root / "_toc.yml").read_text()))
    config = student_config(yaml.safe_load((root / "_config.yml").read_text()))
    for folder in COPIED:
        for path in sorted((root / folder).rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.is_dir() or instructor_only(rel) or "/." in f"/{rel}":
                continue
            if path.suffix == ".md":
                (src / rel).parent.mkdir(parents=True, exist_ok=True)
                (src / rel).write_text(student_text(path.read_text(), rel[:-3]))
            else:
                _link_or_copy(path, src / rel)
    # Files that pages pull in from elsewhere with {include} (e.g. the model card from the package).
    for page in src.rglob("*.md"):
        for target in INCLUDE.findall(page.read_text()):
            source = (root / page.parent.relative_to(src) / target).resolve()
            if source.is_file() and not (src / source.relative_to(root)).exists():
                _link_or_copy(source, src / source.relative_to(root))
    (out / "_toc.yml").write_text("# Generated by tools/student_build.py from _toc.yml: do not edit.\n"
                                  + yaml.safe_dump(toc, sort_keys=False))
    (out / "_config.yml").write_text("# Generated by tools/student_build.py from _config.yml: do not edit.\n"
                                     + yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return toc


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", type=Path, default=ROOT / "_build" / "student")
    args = p.parse_args(argv)
    toc = prepare(args.out)
    print(f"student sources in {args.out / 'src'}: {len(toc_files(toc))} pages "
          f"(no {', '.join(INSTRUCTOR_ONLY)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
