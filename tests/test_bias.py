import numpy as np
import pytest

from aigc_ethics import bias as B
from aigc_ethics.datasets import make_dataset


def test_tv_kl_and_amplification():
    assert B.total_variation([0.7, 0.3], [0.5, 0.5]) == pytest.approx(0.2)
    assert B.kl_divergence([0.5, 0.5], [0.5, 0.5]) == pytest.approx(0.0)
    assert B.kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(np.log(2))
    assert B.bias_amplification([0.9, 0.1], [0.7, 0.3], [0.5, 0.5]) == pytest.approx(0.2)
    assert B.bias_amplification([0.6, 0.4], [0.7, 0.3], [0.5, 0.5]) == pytest.approx(-0.1)


@pytest.mark.parametrize("bad, match", [([0.6, 0.6], "sum to 1"), ([-0.1, 1.1], "negative"), ([], "non-empty")])
def test_probabilities_are_validated(bad, match):
    with pytest.raises(ValueError, match=match):
        B.total_variation(bad, [0.5, 0.5])


def test_mismatched_lengths_and_metric():
    with pytest.raises(ValueError, match="different lengths"):
        B.total_variation([1.0], [0.5, 0.5])
    with pytest.raises(ValueError, match="metric"):
        B.bias_amplification([1, 0], [1, 0], [1, 0], metric="l2")


def test_distribution_and_bootstrap():
    assert B.distribution(["lighter", "darker", "lighter", "lighter"], B.GROUPS).tolist() == [0.75, 0.25]
    with pytest.raises(ValueError, match="empty"):
        B.distribution([], B.GROUPS)
    with pytest.raises(ValueError, match="not among"):
        B.distribution(["purple"], B.GROUPS)
    lo, hi = B.bootstrap_ci(["a"] * 30 + ["b"] * 70, "a", seed=0)
    assert lo < 0.3 < hi and 0.12 < hi - lo < 0.24
    with pytest.raises(ValueError, match="empty"):
        B.bootstrap_ci([], "a")


def test_training_labels_validates():
    ds = make_dataset(scale=0.01)
    assert len(B.training_labels(ds, "chef")) == 10
    with pytest.raises(ValueError, match="unknown attribute"):
        B.training_labels(ds, "chef", attribute="gender")
    with pytest.raises(ValueError, match="unknown profession"):
        B.training_labels(ds, "pilot")


def test_skewed_probs_and_diversified_prompts():
    p = B.skewed_probs(0.9)
    assert sum(p[:5]) == pytest.approx(0.9) and sum(p) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        B.skewed_probs(1.2)
    prompts = B.diversified_prompts("a chef", 200, seed=0)
    share = np.mean([p.endswith("light skin") for p in prompts])
    assert 0.4 < share < 0.6
    with pytest.raises(ValueError, match="weights"):
        B.diversified_prompts("a chef", 3, weights=[0.5, 0.6])


def test_audit_and_fair_generate_run_on_the_shipped_model(tiny_pipe):
    from aigc_ethics.attributes import load_classifier
    table, details = B.audit(tiny_pipe, load_classifier(), professions=["chef"], dataset=make_dataset(scale=0.05),
                             n=4, num_inference_steps=3, progress=False)
    assert table.loc[0, "images"] == 4 and {"amplification", "95% CI"} <= set(table.columns)
    imgs, attrs = B.fair_generate(tiny_pipe, "a portrait of a chef", 3, num_inference_steps=2)
    assert imgs.shape == (3, 32, 32, 3) and len(attrs) == 3
    with pytest.raises(ValueError, match="reference"):
        B.audit(tiny_pipe, load_classifier(), professions=["chef"], reference=(0.2, 0.3, 0.5), n=4)


def test_audit_labels_for_hub_images():
    row = B.audit_labels(["lighter"] * 6 + ["darker"] * 2 + ["unsure"], training_share=0.5)
    assert row["lighter share"] == 0.75 and row["unsure"] == 1 and row["amplification"] == pytest.approx(0.25)
    with pytest.raises(ValueError, match="no image"):
        B.audit_labels(["unsure", "unsure"])


def test_label_widget():
    from PIL import Image

    from aigc_ethics.widgets import label_images
    w = label_images([Image.new("RGB", (8, 8))] * 3)
    assert w.labels == ["unsure"] * 3
    w._toggles[0].value = "lighter"
    assert w.labels[0] == "lighter"
    with pytest.raises(ValueError):
        label_images([])
