"""`make new-lesson` scaffolds a lesson that the conventions accept (run on a copy of the repository)."""
import shutil

import jupytext
import new_lesson
import pytest
import yaml


@pytest.fixture
def repo(tmp_path, root):
    for rel in ("_config.yml", "_toc.yml", "book/exercises.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / rel, tmp_path / rel)
    shutil.copytree(root / "src" / "aigc_ethics" / "course" / "check", tmp_path / "src" / "aigc_ethics" / "course" / "check")
    (tmp_path / "lessons").mkdir()
    return tmp_path


def test_new_lesson_writes_sources_toc_check_and_index(repo):
    new_lesson.scaffold("36_style_cloaks", "intellectual_property", root=repo)
    lesson = jupytext.read(repo / "lessons" / "36_style_cloaks.py")
    assert lesson.cells[0].source.startswith("# ") and "Open in Colab" in lesson.cells[0].source
    assert "setup(seed=" in lesson.cells[1].source and 'if "google.colab" in sys.modules' in lesson.cells[1].source
    solution = (repo / "lessons" / "36_style_cloaks.solution.py").read_text()
    assert "### BEGIN SOLUTION" in solution and "check_style_cloaks(answer)" in solution
    # the same setup cell and badges as `make set-repo` writes everywhere (tests/test_repo_setting.py)
    for text in (repo / "lessons" / "36_style_cloaks.py").read_text(), solution:
        assert "aigc-ethics[colab] @ git+https://github.com/" in text and "@main\"" in text
    assert "blob/main/solutions/36_style_cloaks.ipynb" in solution
    assert "def check_style_cloaks(" in (repo / "src" / "aigc_ethics" / "course" / "check" / "ip.py").read_text()
    toc = yaml.safe_load((repo / "_toc.yml").read_text())
    files = [s["file"] for part in toc["parts"] for ch in part["chapters"] for s in ch.get("sections", [])]
    assert {"notebooks/36_style_cloaks", "exercises/36_style_cloaks", "solutions/36_style_cloaks"} <= set(files)
    ip = next(ch for part in toc["parts"] for ch in part["chapters"] if ch["file"] == "book/intellectual_property")
    assert ip["sections"][-1]["file"] == "notebooks/36_style_cloaks"
    assert "{doc}`../exercises/36_style_cloaks`" in (repo / "book" / "exercises.md").read_text()


def test_new_lesson_refuses_bad_names_unknown_chapters_and_overwrites(repo):
    with pytest.raises(SystemExit, match="NAME must look like"):
        new_lesson.scaffold("Style Cloaks", "intellectual_property", root=repo)
    with pytest.raises(SystemExit, match="CHAPTER must be one of"):
        new_lesson.scaffold("36_style_cloaks", "ip", root=repo)
    new_lesson.scaffold("36_style_cloaks", "intellectual_property", root=repo)
    with pytest.raises(SystemExit, match="exists already"):
        new_lesson.scaffold("36_style_cloaks", "intellectual_property", root=repo)


def test_exercise_only_adds_an_exercise_to_an_existing_lesson_in_name_order(repo):
    with pytest.raises(SystemExit, match="does not exist"):
        new_lesson.scaffold("45_fresh_topic", "misinformation", root=repo, exercise_only=True)
    (repo / "lessons" / "45_fresh_topic.py").write_text("# %% [markdown]\n# # Fresh topic\n")
    written = new_lesson.scaffold("45_fresh_topic", "misinformation", root=repo, exercise_only=True,
                                  check_module="optout_checks")
    assert (repo / "lessons" / "45_fresh_topic.py").read_text() == "# %% [markdown]\n# # Fresh topic\n"   # lesson untouched
    assert (repo / "lessons" / "45_fresh_topic.solution.py") in written
    check = (repo / "src" / "aigc_ethics" / "course" / "check" / "optout_checks.py").read_text()
    assert "def check_fresh_topic(" in check and "import Feedback, call, run_check" in check
    toc = yaml.safe_load((repo / "_toc.yml").read_text())
    files = [s["file"] for part in toc["parts"] for ch in part["chapters"] for s in ch.get("sections", [])]
    for kind in ("exercises", "solutions"):
        listed = [f for f in files if f.startswith(f"{kind}/")]
        assert f"{kind}/45_fresh_topic" in listed and listed == sorted(listed), listed
    assert "notebooks/45_fresh_topic" not in files          # the lesson itself is not (re)listed
    assert files.count("exercises/45_fresh_topic") == 1 and files.count("solutions/45_fresh_topic") == 1
    rows = [line for line in (repo / "book" / "exercises.md").read_text().splitlines() if "{doc}`../exercises/" in line]
    names = [r.split("{doc}`../exercises/")[1].split("`")[0] for r in rows]
    assert "45_fresh_topic" in names and names == sorted(names), names
