"""The student edition of the site (`make book AUDIENCE=student`) has no solution, no model answer
and no answer key; the complete edition has them all. Checked on the generated sources, toc and
config (tools/student_build.py); tests/site/test_student_site.py checks the built HTML."""
import re

import nbformat
import pytest
import student_build as S
import yaml

from aigc_ethics.course.check import DISCUSSIONS, bias, foundations, ip, misinformation, privacy, society  # noqa: F401

# Executes notebooks or builds a site: minutes, not seconds (`make unit` skips it; `make test` runs it).
# one worker runs this module; its fixture is session-scoped so that worker builds it once (xdist tears
# module fixtures down whenever a worker briefly has no next test)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("student_build")]


@pytest.fixture(scope="session")
def built(tmp_path_factory, root):
    out = tmp_path_factory.mktemp("student")
    toc = S.prepare(out, root)
    return out, toc


def _solutions(root):
    return sorted(p.stem for p in (root / "solutions").glob("*.ipynb"))


def _keys(root):
    return sorted(p.stem for p in (root / "book" / "answer_keys").glob("*.md"))


def test_the_complete_edition_lists_every_solution_and_answer_key(root):
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = S.toc_files(toc)
    chapters = [c["file"].split("/")[-1] for part in toc["parts"] if part.get("caption") == "Chapters"
                for c in part["chapters"]]
    assert _solutions(root) and _keys(root) == sorted(chapters)      # one question bank and key per chapter
    for name in _solutions(root):
        assert f"solutions/{name}" in files and f"exercises/{name}" in files
    for name in _keys(root):
        assert f"book/answer_keys/{name}" in files and f"book/question_bank/{name}" in files
    assert "book/assessment" in files and "book/instructor_materials" in files


def test_the_student_toc_drops_solutions_and_keys_and_keeps_the_rest(built, root):
    out, toc = built
    full = S.toc_files(yaml.safe_load((root / "_toc.yml").read_text()))
    student = S.toc_files(yaml.safe_load((out / "_toc.yml").read_text()))
    assert student == S.toc_files(toc)
    dropped = set(full) - set(student)
    assert dropped == {f for f in full if f.startswith(("solutions/", "book/answer_keys/", "book/instructor_materials"))}
    assert {f"solutions/{n}" for n in _solutions(root)} <= dropped
    assert {f"exercises/{n}" for n in _solutions(root)} <= set(student)
    assert {f"book/question_bank/{k}" for k in _keys(root)} <= set(student)
    assert "book/instructor_guide" in student and "book/assessment" in student


def test_no_instructor_file_is_copied_and_every_student_page_exists(built):
    out, toc = built
    src = out / "src"
    assert not (src / "solutions").exists() and not (src / "book" / "answer_keys").exists()
    assert not (src / "book" / "instructor_materials.md").exists()
    for f in S.toc_files(toc):
        assert (src / f"{f}.md").exists() or (src / f"{f}.ipynb").exists(), f


def test_student_pages_do_not_link_dropped_pages(built):
    out, toc = built
    for f in S.toc_files(toc):
        path = out / "src" / f"{f}.md"
        text = path.read_text() if path.exists() else nbformat.read(path.with_suffix(".ipynb"), 4).cells
        text = text if isinstance(text, str) else "\n".join(c.source for c in text)
        assert not re.search(r"\{doc\}`[^`]*(solutions/|answer_keys/|instructor_materials)", text), f
        assert not re.search(r"\]\([^)]*solutions/[^)]*\)", text), f"{f} links a solution notebook"
        assert "instructor-only" not in text, f"{f} keeps an instructor-only block"


def test_no_model_discussion_or_answer_reaches_a_student_page(built, root):
    out, toc = built
    assert len(DISCUSSIONS) >= 10
    snippets = [" ".join(d.split())[:80] for d in DISCUSSIONS.values()]
    solutions = " ".join(" ".join(nbformat.writes(nbformat.read(p, 4)).replace("\\n", " ").split())
                         for p in sorted((root / "solutions").glob("*.ipynb")))
    assert sum(s in solutions for s in snippets) >= len(snippets) // 2, "the leak test would see nothing"
    for f in S.toc_files(toc):
        path = out / "src" / f"{f}.md"
        if path.exists():
            text = path.read_text()
        else:
            nb = nbformat.read(path.with_suffix(".ipynb"), 4)
            text = nbformat.writes(nb)
            if f.startswith("exercises/"):
                assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), f"{f} has outputs"
                assert "BEGIN SOLUTION" not in text, f
        flat = " ".join(text.replace("\\n", " ").split())
        leaked = [s for s in snippets if s in flat]
        assert not leaked, f"{f} shows a model discussion: {leaked[0]}"


def test_the_student_config_renders_stored_outputs_and_excludes_instructor_folders(built, root):
    out, _ = built
    config = yaml.safe_load((out / "_config.yml").read_text())
    assert config["execute"]["execute_notebooks"] == "off"
    assert {"solutions", "book/answer_keys"} <= set(config["exclude_patterns"])
    assert config["title"].endswith("(student edition)")
    full = yaml.safe_load((root / "_config.yml").read_text())
    assert config["sphinx"]["config"] == full["sphinx"]["config"] and config["repository"] == full["repository"]
    # local extensions are found relative to the config file, which sits above the copied sources
    assert config["sphinx"].get("local_extensions") == {k: f"src/{v}" for k, v in
                                                        full["sphinx"].get("local_extensions", {}).items()}


def test_student_text_unlinks_dropped_pages_and_removes_instructor_blocks():
    page = ("See {doc}`../solutions/10_memorisation` and {doc}`the key <answer_keys/privacy>`, "
            "but {doc}`../exercises/10_memorisation` stays.\n"
            "<!-- instructor-only -->\nsecret\n<!-- /instructor-only -->\nafter\n")
    out = S.student_text(page, "book/exercises")
    assert "solutions/" not in out and "answer_keys" not in out and "secret" not in out
    assert "{doc}`../exercises/10_memorisation`" in out and out.endswith("after\n")
