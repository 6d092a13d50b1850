"""Scaffold a new lesson: ``make new-lesson NAME=36_style_cloaks CHAPTER=intellectual_property``.

Writes the two sources of a lesson (``lessons/NAME.py`` with the title and setup cells the
conventions test expects, and ``lessons/NAME.solution.py`` with one exercise whose check is a
stub), a check stub in ``aigc_ethics/course/check/<chapter module>.py``, the lesson, exercise and
solution entries in ``_toc.yml`` (the solution in the instructor-only part) and a row in
``book/exercises.md``. Then ``make lesson NAME=...`` builds and executes the notebooks. Refuses to overwrite anything that exists.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
#: Chapter page -> module of its checks in aigc_ethics/course/check/.
CHECK_MODULES = {"foundations": "foundations", "privacy": "privacy", "bias": "bias",
                 "intellectual_property": "ip", "misinformation": "misinformation", "law_and_society": "society",
                 "likeness": "likeness"}

LESSON = '''# %% [markdown]
# # {title}?
#
# [▶ Open in Colab](https://colab.research.google.com/github/{repo}/blob/main/notebooks/{name}.ipynb)
#
# **The question:** ...
#
# **You will learn**
# - ...
#
# **Run time:** about ... seconds on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/{repo}@{ref}"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## What we found
#
# ...
'''

SOLUTION = '''# %% [markdown]
# # Exercises: {title}
#
# [▶ Open in Colab](https://colab.research.google.com/github/{repo}/blob/main/solutions/{name}.ipynb)
#
# **You will practise** ...
#
# **Run time:** under a minute on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/{repo}@{ref}"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## Exercise 1
#
# ...

# %%
from aigc_ethics.check.{module} import {check}


def answer(x):
    ### BEGIN SOLUTION
    return x
    ### END SOLUTION


{check}(answer)
'''

CHECK_HEADER = '''"""Checks for the {chapter} chapter."""

from __future__ import annotations

from aigc_ethics.course.check.feedback import Feedback, call, run_check
'''

CHECK = '''

def {check}(answer) -> None:
    """Exercise 1 of ``{name}``: TODO describe what is checked, on which cases, and which wrong answers
    it must reject (add them to tests/test_check_wrong_answers_*.py)."""
    def body():
        if call(answer, 1) != 1:
            raise Feedback("TODO: say what is wrong in words a student understands", hint="TODO")
        return "TODO: say what the right answer shows"
    run_check("{check}", answer, body)
'''


def repository(root: Path = ROOT) -> str:
    url = yaml.safe_load((root / "_config.yml").read_text())["repository"]["url"]
    return re.sub(r"^https://github.com/", "", url).rstrip("/")


def install_ref(root: Path = ROOT) -> str:
    """The git ref the setup cells install (``course.install_ref``, as ``make set-repo`` writes it)."""
    cfg = yaml.safe_load((root / "_config.yml").read_text())
    return str((cfg.get("course") or {}).get("install_ref") or cfg["repository"].get("branch", "main"))


def _insert_sorted(lines: list[str], prefix: str, entry: str, fallback: int) -> None:
    """Insert ``entry`` among the consecutive ``- file: <prefix>`` lines, keeping them in name order."""
    at = [i for i, line in enumerate(lines) if line.strip().startswith(f"- file: {prefix}")]
    if not at:
        lines.insert(fallback, entry)
        return
    later = [i for i in at if lines[i].strip() > entry.strip()]
    lines.insert(later[0] if later else at[-1] + 1, entry)


def scaffold(name: str, chapter: str, root: Path = ROOT, *, check_module: str | None = None,
             exercise_only: bool = False) -> list[Path]:
    """Write the sources and entries of a new lesson (see the module docstring).

    ``check_module`` puts the check stub in another module of ``aigc_ethics/course/check/`` than the
    chapter's; ``exercise_only`` adds only the exercise (solution source, check stub, exercise and
    solution entries, index row) to a lesson that exists already.
    """
    if not re.fullmatch(r"\d\d_[a-z0-9_]+", name):
        raise SystemExit(f"NAME must look like 36_style_cloaks (two digits, underscore, lower-case words), got {name!r}")
    if chapter not in CHECK_MODULES:
        raise SystemExit(f"CHAPTER must be one of {sorted(CHECK_MODULES)}, got {chapter!r}")
    lesson, solution = root / "lessons" / f"{name}.py", root / "lessons" / f"{name}.solution.py"
    if exercise_only and not lesson.exists():
        raise SystemExit(f"{lesson.relative_to(root)} does not exist; --exercise-only adds an exercise to an existing lesson")
    for p in ((solution,) if exercise_only else (lesson, solution)):
        if p.exists():
            raise SystemExit(f"{p.relative_to(root)} exists already; not overwriting it")
    title = name.split("_", 1)[1].replace("_", " ").capitalize()
    module, check = check_module or CHECK_MODULES[chapter], f"check_{name.split('_', 1)[1]}"
    if not re.fullmatch(r"[a-z_]+", module):
        raise SystemExit(f"the check module must be a lower-case module name, got {module!r}")
    fields = dict(title=title, name=name, repo=repository(root), ref=install_ref(root), module=module, check=check)
    if not exercise_only:
        lesson.write_text(LESSON.format(**fields))
    solution.write_text(SOLUTION.format(**fields))
    check_file = root / "src" / "aigc_ethics" / "course" / "check" / f"{module}.py"
    if not check_file.exists():
        check_file.write_text(CHECK_HEADER.format(chapter=chapter.replace("_", " ")))
    if f"def {check}(" not in check_file.read_text():
        with check_file.open("a") as f:
            f.write(CHECK.format(**fields))
    toc_path = root / "_toc.yml"
    toc = toc_path.read_text()
    page = f"book/{chapter}"
    lines = toc.splitlines()
    def end_of_sections(chapter_page: str) -> int:
        """Index after the last ``- file:`` line in the ``sections:`` of ``chapter_page``."""
        at = next(i for i, line in enumerate(lines) if line.strip() == f"- file: {chapter_page}")
        end = at + 1
        if end < len(lines) and lines[end].strip() == "sections:":
            end += 1
        while end < len(lines) and lines[end].startswith(" " * 10):
            end += 1
        return end

    if not exercise_only:
        lines.insert(end_of_sections(page), f"          - file: notebooks/{name}")
    end = end_of_sections("book/exercises")
    _insert_sorted(lines, "exercises/", f"          - file: exercises/{name}", end)
    # Solutions sit in the instructor-only part (in name order), which the student build drops.
    _insert_sorted(lines, "solutions/", f"          - file: solutions/{name}", end + 1)
    toc_path.write_text("\n".join(lines) + "\n")
    index = root / "book" / "exercises.md"
    row = f"| {chapter.replace('_', ' ').capitalize()}: {title.lower()} | {{doc}}`../exercises/{name}` | {{doc}}`../solutions/{name}` |"
    text = index.read_text().rstrip("\n").split("\n")
    rows = [i for i, line in enumerate(text) if line.startswith("| ") and "{doc}`../exercises/" in line]
    later = [i for i in rows if text[i].split("{doc}`../exercises/")[1] > f"{name}`"]
    text.insert(later[0] if later else max(i for i, line in enumerate(text) if line.startswith("|")) + 1, row)
    index.write_text("\n".join(text) + "\n")
    return ([] if exercise_only else [lesson]) + [solution, check_file, toc_path, index]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("name")
    p.add_argument("chapter")
    p.add_argument("--root", default=str(ROOT), help="repository root (tests use a copy)")
    p.add_argument("--check-module", default=None, help="module of aigc_ethics/course/check/ for the check stub")
    p.add_argument("--exercise-only", action="store_true", help="add only an exercise to an existing lesson")
    a = p.parse_args(argv)
    for path in scaffold(a.name, a.chapter, Path(a.root), check_module=a.check_module, exercise_only=a.exercise_only):
        print("wrote", path)
    print(f"next: fill in the sources, then `make lesson NAME={a.name}`")


if __name__ == "__main__":
    sys.exit(main())
