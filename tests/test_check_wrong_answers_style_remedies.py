"""Wrong-but-plausible answers the lesson-39 checks must reject, and correct alternatives they
must accept (issue 18)."""
import numpy as np
import pandas as pd
import pytest

from aigc_ethics import check
from aigc_ethics.chapters.cloak import psnr
from aigc_ethics.chapters.detect import jpeg
from aigc_ethics.check import style_remedies as S
from aigc_ethics.core.datasets import ARTISTS, artist_prompt, render_artwork
from aigc_ethics.generate import generate_many


def _share(pipe, clf, artist, n, prompt):
    styles = clf.predict(generate_many(pipe, prompt, n, seed=0))["style"]
    return float((styles == ARTISTS[artist]).mean())


RESIDUAL_WRONG = {
    "does not name the artist": lambda p, c, a, n: _share(p, c, a, n, "a painting"),
    "compares with the name": lambda p, c, a, n: float(
        (c.predict(generate_many(p, artist_prompt(a), n))["style"] == a).mean()),
    "a count": lambda p, c, a, n: _share(p, c, a, n, artist_prompt(a)) * n,
    "share not in the style": lambda p, c, a, n: 1 - _share(p, c, a, n, artist_prompt(a)),
    "returns None": lambda p, c, a, n: None,
}
RESIDUAL_RIGHT = {
    "artist_prompt": lambda p, c, a, n: _share(p, c, a, n, artist_prompt(a)),
    "the other template": lambda p, c, a, n: _share(p, c, a, n, f"an artwork by {a}"),
}


@pytest.mark.parametrize("name", RESIDUAL_WRONG)
def test_residual_rejects(name, capsys):
    S.check_residual_style(RESIDUAL_WRONG[name])
    assert check.passed("check_residual_style") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", RESIDUAL_RIGHT)
def test_residual_accepts(name):
    S.check_residual_style(RESIDUAL_RIGHT[name])
    assert check.passed("check_residual_style") is True


def _others(b, artist):
    return [x for x in b.index if x != artist]


COLLATERAL_WRONG = {
    "includes the erased artist": lambda b, a, artist: float((b - a).mean()),
    "share after, not the drop": lambda b, a, artist: float(a[_others(b, artist)].mean()),
    "sign flipped": lambda b, a, artist: float((a - b)[_others(b, artist)].mean()),
    "largest drop only": lambda b, a, artist: float((b - a)[_others(b, artist)].max()),
    "ignores collateral": lambda b, a, artist: 0.0,
    "returns None": lambda b, a, artist: None,
}
COLLATERAL_RIGHT = {
    "drop": lambda b, a, artist: float((b - a).drop(artist).mean()),
    "loop": lambda b, a, artist: sum(b[x] - a[x] for x in b.index if x != artist) / (len(b) - 1),
}


@pytest.mark.parametrize("name", COLLATERAL_WRONG)
def test_collateral_rejects(name, capsys):
    S.check_collateral(COLLATERAL_WRONG[name])
    assert check.passed("check_collateral") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", COLLATERAL_RIGHT)
def test_collateral_accepts(name):
    S.check_collateral(COLLATERAL_RIGHT[name])
    assert check.passed("check_collateral") is True


@pytest.fixture(scope="module")
def arrays():
    rng = np.random.default_rng(0)
    works = np.stack([render_artwork("rings", seed=i) for i in range(6)])
    noise = rng.integers(-8, 9, works.shape)
    cloaked = np.clip(works.astype(int) + noise, 0, 255).astype(np.uint8)
    return works, cloaked, jpeg(cloaked, quality=75)


def _mse(a, b):
    return float(np.mean((a.astype(float) - b.astype(float)) ** 2))


PSNR_WRONG = {
    "works vs processed": lambda w, c, p: psnr(w, p),
    "cloaked vs processed": lambda w, c, p: psnr(c, p),
    "a work with itself": lambda w, c, p: psnr(c, c),
    "MSE": lambda w, c, p: _mse(w, c),
    "peak 1": lambda w, c, p: float(np.mean([10 * np.log10(1 / _mse(x, y)) for x, y in zip(w, c)])),
    "blank": lambda w, c, p: ...,
}
PSNR_RIGHT = {
    "library": lambda w, c, p: psnr(w, c),
    "whole batch": lambda w, c, p: float(10 * np.log10(255 ** 2 / _mse(w, c))),
}


@pytest.mark.parametrize("name", PSNR_WRONG)
def test_psnr_rejects(name, arrays, capsys):
    S.check_cloak_psnr(PSNR_WRONG[name](*arrays), *arrays)
    assert check.passed("check_cloak_psnr") is False


@pytest.mark.parametrize("name", PSNR_RIGHT)
def test_psnr_accepts(name, arrays):
    S.check_cloak_psnr(PSNR_RIGHT[name](*arrays), *arrays)
    assert check.passed("check_cloak_psnr") is True


def test_collateral_series_are_by_artist():
    assert list(pd.Series(1.0, index=list(ARTISTS)).index) == list(ARTISTS)
