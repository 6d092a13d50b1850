"""Checks of the built site (_build/html), run by `make test` right after the book build."""
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for e in entries:
            files.append(e["file"])
            walk(e.get("sections", []))
    for part in toc["parts"]:
        walk(part["chapters"])
    return files


@pytest.fixture(scope="module", autouse=True)
def built():
    assert (HTML / "index.html").exists(), "build the site first (make book-check)"


def page(name):
    return (HTML / f"{name}.html").read_text()


@pytest.mark.parametrize("name", toc_files())
def test_every_page_is_built_and_loads_nothing_from_the_internet(name):
    html = page(name)
    external = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', html)
    assert not external, f"{name} loads {external}: the site must work offline"


def test_vendored_javascript_is_served():
    for rel in ("require.js", "widgets/embed-amd.js", "mathjax/tex-chtml.js"):
        assert (HTML / "_static" / rel).stat().st_size > 50_000


def test_example_notebook_has_figures_with_alt_text_math_and_a_widget():
    html = page("notebooks/00_images_are_arrays")
    imgs = re.findall(r"<img[^>]*>", html)
    figures = [i for i in imgs if "_images/" in i]
    assert len(figures) >= 4
    for tag in figures:
        alt = re.search(r'alt="([^"]*)"', tag).group(1)
        assert len(alt) > 20 and not alt.endswith(".png"), f"figure without real alt text: {tag}"
    assert "application/vnd.jupyter.widget-state+json" in html
    assert "application/vnd.jupyter.widget-view+json" in html
    assert '_static/require.js' in html and '_static/widgets/embed-amd.js' in html
    assert "_static/mathjax/tex-chtml.js" in html and "\\[" in html


@pytest.mark.parametrize("name", ["notebooks/00_images_are_arrays", "notebooks/01_how_text_to_image_works"])
def test_launch_buttons(name):
    repo = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    slug = repo.split("github.com/")[1]
    html = page(name)
    assert f"colab.research.google.com/github/{slug}/blob/main/{name}.ipynb" in html
    assert f"mybinder.org/v2/gh/{slug}/main" in html


def test_model_card_page_shows_measurements():
    html = page("book/model_card")
    assert "Prompt faithfulness (measured)" in html and "a portrait of an engineer" in html
