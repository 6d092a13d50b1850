"""The royalty rules of lesson 38 (issue 18): the splits add up, concentration measures behave at
their extremes, and bad input fails with a clear error."""
import numpy as np
import pandas as pd
import pytest

from aigc_ethics import royalties as Ro
from aigc_ethics.datasets import ARTISTS, make_dataset

WORKS = pd.Series({"a": 3, "b": 1, "none": 0})


def test_training_split_is_pro_rata_and_keeps_an_artist_with_no_works():
    pay = Ro.split_by_training(100.0, WORKS)
    assert pay.to_dict() == {"a": 75.0, "b": 25.0, "none": 0.0}


def test_attribution_and_naming_splits_add_up_and_ignore_nobody():
    pay = Ro.split_by_attribution(60.0, ["a", "a", "", "b"], WORKS)
    assert pay.sum() == pytest.approx(60.0) and pay["a"] == pytest.approx(40.0) and pay["none"] == 0
    assert Ro.split_by_naming(10.0, ["", ""], WORKS).sum() == 0      # nobody named: nobody paid


@pytest.mark.parametrize("rule", [Ro.split_by_attribution, Ro.split_by_naming])
def test_bad_attributions_are_refused(rule):
    with pytest.raises(ValueError, match="empty month"):
        rule(10.0, [], WORKS)
    with pytest.raises(ValueError, match="not in the training data"):
        rule(10.0, ["a", "stranger"], WORKS)
    with pytest.raises(ValueError, match="no training works"):
        rule(10.0, ["none"], WORKS)


def test_bad_works_and_pool_are_refused():
    with pytest.raises(TypeError):
        Ro.split_by_training(10.0, {"a": 1})
    with pytest.raises(ValueError, match="no contributor has any"):
        Ro.split_by_training(10.0, pd.Series({"a": 0, "b": 0}))
    with pytest.raises(ValueError, match="non-negative"):
        Ro.split_by_training(10.0, pd.Series({"a": -1, "b": 2}))
    with pytest.raises(ValueError, match="pool"):
        Ro.split_by_training(-5, WORKS)


def test_concentration_measures_at_their_extremes():
    assert Ro.gini([1, 1, 1, 1]) == pytest.approx(0) and Ro.gini([0, 0, 0, 4]) == pytest.approx(0.75)
    assert Ro.hhi([1, 1, 1, 1]) == pytest.approx(0.25) and Ro.hhi([0, 0, 5]) == pytest.approx(1)
    assert Ro.top_share(np.arange(15.0), fraction=0.1) == pytest.approx((14 + 13) / np.arange(15.0).sum())   # ceil(1.5) = 2
    assert Ro.top_share([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], fraction=0.1) == pytest.approx(0.1)
    with pytest.raises(ValueError):
        Ro.top_share([], fraction=0.1)
    with pytest.raises(ValueError):
        Ro.gini([0, 0])
    with pytest.raises(ValueError):
        Ro.top_share([1, 2], fraction=0)


def test_training_works_adds_a_long_tail():
    works = Ro.training_works(make_dataset(seed=0, scale=0.1), tail=50, tail_fraction=0.4)
    assert list(works.index[:6]) == list(ARTISTS) and len(works) == 56 and (works.iloc[6:] >= 1).all()
    assert works.iloc[6:].sum() / works.sum() == pytest.approx(0.4, abs=0.03)
    with pytest.raises(ValueError):
        Ro.training_works(make_dataset(seed=0, scale=0.1), tail=-1)


def test_month_follows_naming_share_and_popularity():
    pool = {"": ["a", "b", ""], "a": ["a"], "b": ["b"]}
    month = Ro.simulate_month(pool, n=4000, naming_share=0.25, popularity={"a": 3, "b": 1}, seed=1)
    named = month["named"]
    assert (named != "").mean() == pytest.approx(0.25, abs=0.03)
    assert (named == "a").sum() > 2 * (named == "b").sum()
    assert (month.loc[named == "a", "attributed"] == "a").all()
    with pytest.raises(ValueError):
        Ro.simulate_month({"a": ["a"]})                 # no entry for prompts naming nobody
    with pytest.raises(ValueError):
        Ro.simulate_month({"": []})


def test_split_all_and_concentration_table():
    month = pd.DataFrame({"named": ["a", "", "a"], "attributed": ["a", "b", "a"]})
    splits = Ro.split_all(30.0, month, WORKS)
    assert list(splits.columns) == list(Ro.RULES) and np.allclose(splits.sum(), 30.0)
    table = Ro.concentration(splits)
    assert table.loc["prompt naming", "top contributor"] == pytest.approx(1.0)
    assert table.loc["prompt naming", "paid anything"] == 1
