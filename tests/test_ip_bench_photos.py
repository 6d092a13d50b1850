"""The photo-set bench (issue 20) as the chapter page states it: every sentence of "On real
photographs, and in a mirror" in book/intellectual_property.md is checked on the shipped tables."""
from pathlib import Path

import pandas as pd
import pytest

GEN = Path(__file__).resolve().parents[1] / "book" / "generated"


@pytest.fixture(scope="module")
def tables():
    photos = pd.read_csv(GEN / "ip_attack_bench_photos.csv").set_index(["method", "attack"])
    gens = pd.read_csv(GEN / "ip_attack_bench.csv").set_index(["method", "attack"])
    return photos, gens


def test_photos_are_harder_than_generations(tables):
    photos, gens = tables
    c = photos.loc["course"]
    assert c.loc["none", "tpr_1fpr"] == 1.0 and 0.96 <= c.loc["none", "bit_acc"] < 0.99
    assert gens.loc[("course", "none"), "bit_acc"] == 1.0
    assert c.loc["crop 75%", "tpr_1fpr"] == pytest.approx(0.92) and c.loc["crop 50%", "tpr_1fpr"] == pytest.approx(0.68)
    assert gens.loc[("course", "crop 75%"), "tpr_1fpr"] == 1.0 and gens.loc[("course", "crop 50%"), "tpr_1fpr"] == 1.0
    assert len(photos.loc["course"]) == 11 and photos["n"].eq(100).all()


def test_a_mirror_defeats_the_plain_detector_not_the_flip_aware_one(tables):
    photos, _ = tables
    plain, aware = photos.loc["course"], photos.loc["course (flip-aware)"]
    assert plain.loc["flip", "tpr_1fpr"] == 0.0 and abs(plain.loc["flip", "bit_acc"] - 0.5) < 0.05
    assert aware.loc["flip", "tpr_1fpr"] == 1.0
    others = [a for a in plain.index if a != "flip"]
    assert (aware.loc[others, "tpr_1fpr"] == plain.loc[others, "tpr_1fpr"]).all()
