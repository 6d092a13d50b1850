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
                 "intellectual_property": "ip", "misinformation": "misinformation", "law_and_society": "society"}

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
                    "aigc-ethics @ git+https://github.com/{repo}"], check=True)

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
# [▶ Open in Colab](https://colab.research.google.com/github/{repo}/blob/main/exercises/{name}.ipynb)
#
# **You will practise** ...
#
# **Run time:** under a minute on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics @ git+https://github.com/{repo}"], check=True)

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


def repository() -> str:
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    return re.sub(r"^https://github.com/", "", url).rstrip("/")


def scaffold(name: str, chapter: str, root: Path = ROOT) -> list[Path]:
    if not re.fullmatch(r"\d\d_[a-z0-9_]+", name):
        raise SystemExit(f"NAME must look like 36_style_cloaks (two digits, underscore, lower-case words), got {name!r}")
    if chapter not in CHECK_MODULES:
        raise SystemExit(f"CHAPTER must be one of {sorted(CHECK_MODULES)}, got {chapter!r}")
    lesson, solution = root / "lessons" / f"{name}.py", root / "lessons" / f"{name}.solution.py"
    for p in (lesson, solution):
        if p.exists():
            raise SystemExit(f"{p.relative_to(root)} exists already; not overwriting it")
    title = name.split("_", 1)[1].replace("_", " ").capitalize()
    module, check = CHECK_MODULES[chapter], f"check_{name.split('_', 1)[1]}"
    fields = dict(title=title, name=name, repo=repository(), module=module, check=check)
    lesson.write_text(LESSON.format(**fields))
    solution.write_text(SOLUTION.format(**fields))
    check_file = root / "src" / "aigc_ethics" / "course" / "check" / f"{module}.py"
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

    lines.insert(end_of_sections(page), f"          - file: notebooks/{name}")
    end = end_of_sections("book/exercises")
    lines.insert(end, f"          - file: exercises/{name}")
    # Solutions sit in the instructor-only part (after the last one listed), which the student build drops.
    solutions = [i for i, line in enumerate(lines) if line.strip().startswith("- file: solutions/")]
    lines.insert(solutions[-1] + 1 if solutions else end + 1, f"          - file: solutions/{name}")
    toc_path.write_text("\n".join(lines) + "\n")
    index = root / "book" / "exercises.md"
    row = f"| {chapter.replace('_', ' ').capitalize()}: {title.lower()} | {{doc}}`../exercises/{name}` | {{doc}}`../solutions/{name}` |"
    text = index.read_text().rstrip("\n").split("\n")
    last_row = max(i for i, line in enumerate(text) if line.startswith("|"))
    text.insert(last_row + 1, row)
    index.write_text("\n".join(text) + "\n")
    return [lesson, solution, check_file, toc_path, index]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("name")
    p.add_argument("chapter")
    p.add_argument("--root", default=str(ROOT), help="repository root (tests use a copy)")
    a = p.parse_args(argv)
    for path in scaffold(a.name, a.chapter, Path(a.root)):
        print("wrote", path)
    print(f"next: fill in the sources, then `make lesson NAME={a.name}`")


if __name__ == "__main__":
    sys.exit(main())
