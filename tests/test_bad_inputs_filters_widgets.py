"""Bad inputs to the prompt filters and the widgets (issue 20): one-line errors that name what was
expected, never a silent result (NaN counted as "blocked") or a raw traceback from PIL or scikit-learn."""
import numpy as np
import pandas as pd
import pytest

from aigc_ethics import filters as F
from aigc_ethics import widgets as W

FILTER_CASES = {
    "NaN decision": (lambda: F.error_rates([np.nan, 1], [1, 0]), ValueError, "blocked decisions must be booleans"),
    "text decision": (lambda: F.error_rates(["yes", "no"], [1, 0]), ValueError, "blocked decisions must be booleans"),
    "nested labels": (lambda: F.error_rates([1, 0], [[1], [0]]), ValueError, "flat list"),
    "NaN score": (lambda: F.threshold_sweep([np.nan, 0.2], [1, 0]), ValueError, "finite numbers"),
    "text score": (lambda: F.threshold_sweep(["high", "low"], [1, 0]), ValueError, "scores must be numbers"),
    "None prompt": (lambda: F.words(None), TypeError, "must be a string, got NoneType"),
    "number among prompts": (lambda: F.BlocklistFilter(["bomb"]).predict(["a bomb", 3]), TypeError,
                             "prompts must be strings.*first: 3"),
    "zero dimensions": (lambda: F.lsa_embedding(["a b", "c d"], dim=0), ValueError, "dim must be a positive"),
    "NaN in group rates": (lambda: F.rates_by_group(pd.DataFrame({"group": ["a", "b"], "label": ["harmless"] * 2}),
                                                    [np.nan, 1]), ValueError, "blocked decisions"),
}


@pytest.mark.parametrize("case", FILTER_CASES)
def test_filters_refuse(case):
    call, error, words = FILTER_CASES[case]
    with pytest.raises(error, match=words):
        call()


def test_filters_still_accept_good_input():
    assert F.error_rates([True, False], [1, 0])["false_positive_rate"] == 0.0
    assert F.error_rates(np.array([1, 0]), [True, False])["false_negative_rate"] == 0.0
    assert len(F.threshold_sweep([0.9, 0.1], [1, 0])) == 19


WIDGET_CASES = {
    "NaN images": (lambda: W.label_images(np.full((2, 8, 8, 3), np.nan)), "finite"),
    "no categories": (lambda: W.label_images(np.zeros((2, 8, 8, 3), np.uint8), categories=()), "at least two"),
    "repeated categories": (lambda: W.label_images(np.zeros((2, 8, 8, 3), np.uint8), categories=("a", "a")),
                            "at least two different"),
    "zero columns": (lambda: W.label_images(np.zeros((2, 8, 8, 3), np.uint8), ncols=0), "ncols must be"),
    "no pipeline": (lambda: W.generation_ui(None), "pipe must be a loaded pipeline"),
    "zero images": (lambda: W.generation_ui(lambda *a, **k: None, n_images=0), "n_images must be .* 1 to 64"),
    "too many steps": (lambda: W.generation_ui(lambda *a, **k: None, steps=1000), "steps must be .* 1 to 100"),
}


@pytest.mark.parametrize("case", WIDGET_CASES)
def test_widgets_refuse(case):
    call, words = WIDGET_CASES[case]
    with pytest.raises((ValueError, TypeError), match=words):
        call()


def test_label_images_takes_arrays_as_well_as_pil_images():
    grid = W.label_images(np.zeros((3, 8, 8, 3), np.uint8), ncols=2)
    assert grid.labels == ["unsure"] * 3
