"""Prompt and output filters: behaviour, error rates, bad input."""
import numpy as np
import pandas as pd
import pytest

from aigc_ethics import filters as F


def test_prompt_set_is_labelled_and_split():
    d = F.load_prompt_set()
    assert set(d.columns) == {"prompt", "label", "category", "group", "split"}
    assert set(d.label) == {"harmful", "harmless"} and set(d.split) == {"train", "test"}
    assert not d.prompt.duplicated().any()
    # the test split has harmless identity prompts for every group
    test = d[(d.split == "test") & (d.label == "harmless") & (d.group != "")]
    assert test.group.value_counts().min() >= 5


def test_blocklist_matches_words_not_substrings():
    f = F.BlocklistFilter(["gun"])
    assert f.predict(["a gun", "a begun painting", "GUN!"]).tolist() == [True, False, True]
    with pytest.raises(ValueError, match="empty"):
        F.BlocklistFilter([" "])
    with pytest.raises(ValueError, match="at least one prompt"):
        f.predict([])


def test_mined_blocklist_prefers_harmful_words():
    words = F.blocklist_from_data(["a bomb here", "bomb now", "a cake", "cake now"], [1, 1, 0, 0], top_k=3)
    assert words[0] == "bomb" and "cake" not in words
    with pytest.raises(ValueError, match="labels"):
        F.blocklist_from_data(["a", "b"], [1])


def test_error_rates_and_groups():
    r = F.error_rates([True, False, False, False], [True, True, False, False])
    assert r["false_positive_rate"] == 0.0 and r["false_negative_rate"] == 0.5
    with pytest.raises(ValueError):
        F.error_rates([True], [True, False])
    data = pd.DataFrame({"group": ["a", "a", "b", ""], "label": ["harmless"] * 3 + ["harmful"]})
    g = F.rates_by_group(data, [True, False, False, True])
    assert g.loc["a", "blocked_share"] == 0.5 and g.loc["b", "blocked_share"] == 0.0
    assert "(none)" not in g.index  # the only ungrouped prompt is harmful
    with pytest.raises(KeyError):
        F.rates_by_group(data, [True] * 4, column="nope")


def test_semantic_filter_learns_and_over_blocks_unseen_groups():
    d = F.load_prompt_set()
    train, test = d[d.split == "train"], d[d.split == "test"]
    f = F.SemanticFilter(seed=0).fit(train.prompt, train.label == "harmful")
    r = F.error_rates(f.predict(test.prompt), test.label == "harmful")
    assert r["false_negative_rate"] <= 0.2
    by_group = F.rates_by_group(test, f.predict(test.prompt))["blocked_share"]
    # groups mentioned in harmless training prompts are over-blocked less than the others
    assert by_group[["christian", "white"]].mean() < by_group.drop(["christian", "white", "(none)"]).mean()
    # balancing the training data reduces the false-positive rate
    groups = sorted(set(d.group) - {""})
    fixed = F.SemanticFilter(seed=0).fit(*(lambda a: (a.prompt, a.label == "harmful"))(F.identity_augmented(train, groups)))
    assert F.error_rates(fixed.predict(test.prompt), test.label == "harmful")["false_positive_rate"] < r["false_positive_rate"]


def test_semantic_filter_bad_input():
    with pytest.raises(ValueError, match="threshold"):
        F.SemanticFilter(threshold=1.5)
    with pytest.raises(RuntimeError, match="fit"):
        F.SemanticFilter().score(["a"])
    with pytest.raises(ValueError, match="both"):
        F.SemanticFilter().fit(["a", "b", "c"], [True, True, True])


def test_threshold_sweep_is_monotone():
    s = np.linspace(0, 1, 20)
    y = s > 0.5
    sweep = F.threshold_sweep(s, y)
    assert (np.diff(sweep.false_positive_rate) <= 0).all() and (np.diff(sweep.false_negative_rate) >= 0).all()


class _FakeClassifier:
    def predict_proba(self, images):
        from aigc_ethics.attributes import HEADS
        n = len(images)
        p = np.zeros((n, len(HEADS["profession"])))
        p[:, list(HEADS["profession"]).index("police officer")] = np.linspace(0, 1, n)
        return {"profession": p}


def test_output_filter():
    f = F.OutputFilter(_FakeClassifier(), threshold=0.5)
    assert f.predict(np.zeros((5, 32, 32, 3), np.uint8)).tolist() == [False, False, True, True, True]
    with pytest.raises(ValueError, match="not a class"):
        F.OutputFilter(_FakeClassifier(), forbidden="astronaut").score(np.zeros((1, 32, 32, 3), np.uint8))
    with pytest.raises(KeyError):
        F.OutputFilter(_FakeClassifier(), attribute="mood").score(np.zeros((1, 32, 32, 3), np.uint8))
