"""The built student edition (`make book AUDIENCE=student`, run by `make book-check`) has every
student page and no solution, answer key or model discussion."""
import html
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "student" / "_build" / "html"
sys.path.insert(0, str(ROOT / "tools"))
import student_build as S  # noqa: E402

from aigc_ethics.course.check import DISCUSSIONS, bias, foundations, ip, misinformation, privacy, society  # noqa: E402,F401


@pytest.fixture(scope="module", autouse=True)
def built():
    assert (HTML / "index.html").exists(), "build the student edition first (make book AUDIENCE=student)"


def student_pages():
    return S.toc_files(yaml.safe_load((ROOT / "_build" / "student" / "_toc.yml").read_text()))


def test_every_student_page_is_built():
    for name in student_pages():
        assert (HTML / f"{name}.html").exists(), name
    assert (HTML / "book" / "question_bank" / "privacy.html").exists()


def test_no_solution_or_answer_key_is_built_or_linked():
    built = [p.relative_to(HTML).as_posix() for p in HTML.rglob("*") if p.is_file()]
    leaked = [p for p in built if re.search(r"(^|/)(solutions|answer_keys)/|instructor_materials", p)]
    assert not leaked, f"the student site contains {leaked[:5]}"
    for page in HTML.rglob("*.html"):
        text = page.read_text()
        assert not re.search(r'href="[^"]*(solutions/|answer_keys/|instructor_materials)', text), page


def _text(page: Path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page.read_text())).split())


def test_no_model_discussion_is_shown():
    snippets = [" ".join(re.sub(r"[*`_]", "", d).split())[:60] for d in DISCUSSIONS.values()]
    complete = ROOT / "_build" / "html" / "solutions"        # the complete edition, built first by book-check
    if complete.exists():
        shown = {s for p in complete.glob("*.html") for s in snippets if s in _text(p)}
        assert len(shown) >= len(snippets) // 2, "the leak test would not see a model discussion"
    for page in HTML.rglob("*.html"):
        text = _text(page)
        leaked = [s for s in snippets if s in text]
        assert not leaked, f"{page.relative_to(HTML)} shows a model discussion: {leaked[0]}"


def test_the_edition_says_what_it_is():
    assert "(student edition)" in (HTML / "book" / "intro.html").read_text()
    exercises = (HTML / "book" / "exercises.html").read_text()
    assert "the instructor edition" in exercises and "Instructor materials" not in exercises
