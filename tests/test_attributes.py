import numpy as np
import pytest

from aigc_ethics.attributes import load_classifier
from aigc_ethics.datasets import PROFESSIONS, Composition, make_dataset
from aigc_ethics.generate import CheckpointError


@pytest.fixture(scope="module")
def clf():
    return load_classifier()


def test_held_out_accuracy(clf):
    uniform = Composition(skin_tone_probs={p: (0.1,) * 10 for p in PROFESSIONS})
    acc = clf.evaluate(make_dataset(uniform, seed=999, scale=0.05)).set_index("attribute").accuracy
    assert acc["profession"] > 0.97 and acc["style"] > 0.97 and acc["skin_group"] > 0.95
    assert acc["skin_tone"] > 0.9


def test_predict_columns_and_bad_input(clf):
    ds = make_dataset(scale=0.005)
    pred = clf.predict(ds.images)
    assert list(pred.index) == list(range(len(ds)))
    assert {"profession", "style", "skin_tone", "skin_group"} <= set(pred.columns)
    assert (pred.loc[pred.family == "artwork", "skin_tone"] == "").all()
    with pytest.raises(ValueError, match="empty"):
        clf.predict([])
    with pytest.raises(ValueError, match="32x32"):
        clf.predict(np.zeros((2, 64, 64, 3), np.uint8))
    with pytest.raises(ValueError, match="same size"):
        from PIL import Image
        clf.predict([Image.new("RGB", (32, 32)), Image.new("RGB", (16, 16))])


def test_tampered_classifier_is_refused(tmp_path, clf):
    clf.save(tmp_path)
    (tmp_path / "info.json").write_text("{}")
    with pytest.raises(CheckpointError, match="altered"):
        load_classifier(tmp_path)


def test_confusion_and_correction(clf):
    from aigc_ethics.attributes import confusion, corrected_distribution
    ds = make_dataset(scale=0.02)
    c = confusion(clf, ds, attribute="skin_group")
    assert c.shape == (2, 2) and np.allclose(c.sum(1), 1)
    with pytest.raises(ValueError, match="unknown attribute"):
        confusion(clf, ds, attribute="gender")
    m = np.array([[0.9, 0.1], [0.2, 0.8]])
    true = np.array([0.7, 0.3])
    assert np.allclose(corrected_distribution(m.T @ true, m), true)
    with pytest.raises(ValueError, match="does not match"):
        corrected_distribution([0.5, 0.5], np.eye(3))
