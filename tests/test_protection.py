"""Lesson 61, protective perturbations: the protections stay within their budget, reject bad input,
the stored runs are checksummed and complete, and (slow) one stored condition is reproduced by the
training script's own code, so the cache cannot drift silently from the library."""
import json
import shutil

import numpy as np
import pytest
import torch

from aigc_ethics import protection as PR
from aigc_ethics.core.people import photos
from aigc_ethics.generate import load_pipeline
from aigc_ethics.likeness import TARGET, Personaliser, identity_match, load_identity_model


@pytest.fixture(scope="module")
def pipe():
    return load_pipeline("tiny", device="cpu")


@pytest.fixture(scope="module")
def clean():
    return photos(TARGET, 10, seed=0)[:3]


def test_target_pattern_is_a_checkerboard():
    t = PR.target_pattern()
    assert t.shape == (1, 32, 32, 3) and t.dtype == np.uint8
    assert set(np.unique(t)) == {0, 255} and t[0, 0, 0, 0] != t[0, 0, 4, 0]
    for bad in (0, 30, 2.0, True, "32"):
        with pytest.raises(ValueError, match="multiple of 4"):
            PR.target_pattern(bad)


@pytest.mark.parametrize("method", ["fsmg", "targeted"])
@pytest.mark.parametrize("budget", [4, 16])
def test_protect_stays_within_budget_and_is_seeded(pipe, clean, method, budget):
    a = PR.protect(clean, pipe, method=method, epsilon=budget / 255, steps=3, progress=False)
    b = PR.protect(clean, pipe, method=method, epsilon=budget / 255, steps=3, progress=False)
    assert a.shape == clean.shape and a.dtype == np.uint8
    assert np.abs(a.astype(int) - clean.astype(int)).max() <= budget
    assert np.array_equal(a, b)
    assert (a != clean).any()


def test_aspl_stays_within_budget_and_leaves_the_model_alone(pipe, clean):
    before = [p.detach().clone() for p in pipe.unet.parameters()]
    out = PR.aspl(clean, pipe, epsilon=6 / 255, rounds=1, surrogate_steps=1, pgd_steps=2, progress=False)
    assert np.abs(out.astype(int) - clean.astype(int)).max() <= 6 and (out != clean).any()
    assert all(torch.equal(a, b) for a, b in zip(before, pipe.unet.parameters()))


def test_quality_of_a_protection(clean):
    q = PR.quality(clean, clean)
    assert q["ssim"] == 1.0 and q["linf"] == 0 and np.isinf(q["psnr"])
    noisy = np.clip(clean.astype(int) + 8, 0, 255).astype(np.uint8)
    q = PR.quality(clean, noisy)
    assert q["linf"] == 8 and 25 < q["psnr"] < 40 and q["ssim"] < 1


@pytest.mark.parametrize("kwargs, match", [
    ({"method": "glaze"}, "method must be one of"),
    ({"epsilon": 0}, "epsilon"),
    ({"epsilon": 0.5}, "epsilon"),
    ({"epsilon": -1 / 255}, "epsilon"),
    ({"steps": 0}, "steps"),
    ({"rounds": 2}, "only to method='aspl'"),
    ({"method": "aspl", "rounds": 0}, "rounds"),
    ({"method": "aspl", "pgd_steps": 1.5}, "pgd_steps"),
])
def test_protect_rejects_bad_options(pipe, clean, kwargs, match):
    with pytest.raises(ValueError, match=match):
        PR.protect(clean, pipe, progress=False, **kwargs)


@pytest.mark.parametrize("photos_, match", [
    ([], "empty"),
    (np.zeros((2, 32, 32, 3), np.float32), "uint8"),
    (np.zeros((2, 16, 16, 3), np.uint8), "32"),
    ("photo.png", "numeric"),
])
def test_protect_rejects_bad_photos(pipe, photos_, match):
    with pytest.raises(ValueError, match=match):
        PR.protect(photos_, pipe, progress=False)


def test_set_photos_swaps_the_training_photos_only(pipe, clean):
    tuner = Personaliser(pipe, clean, token="zqv")
    tuner.set_photos(clean[:1])
    assert tuner.x.shape == (1, 3, 32, 32)
    with pytest.raises(ValueError):
        tuner.set_photos(np.zeros((0, 32, 32, 3), np.uint8))
    with pytest.raises(ValueError):
        tuner.set_photos(np.zeros((1, 32, 32, 3), np.float32))


def test_stored_runs_are_complete_and_checked(tmp_path):
    arrays, info = PR.load_protection_runs()
    conds = info["conditions"]
    assert "none" in conds and info["best"] in conds
    for method, budgets in (("fsmg", (4, 8, 16, 32)), ("targeted", (8, 16, 32)), ("aspl", (8, 16, 32))):
        for e in budgets:
            assert f"{method}-{e}" in conds
    transforms = [c["transform"] for n, c in conds.items() if n.startswith("none+")]
    assert len(transforms) == 4 and all(f"{info['best']}+{t}" in conds for t in transforms)
    for name, c in conds.items():
        assert arrays[f"images/{name}"].shape == (6 * info["n_per_context"], 32, 32, 3)
        assert arrays[f"photos/{name}"].shape == (info["k"], 32, 32, 3)
        assert c["train_cpu_seconds"] > 0 and c["threads"] == 1
        if "+" not in name and name != "none":
            assert c["linf"] <= c["epsilon_255"]
    # a changed byte is noticed
    src = PR.resources.files("aigc_ethics.data")
    for f in (PR.RUNS_FILE, PR.RUNS_INFO):
        shutil.copy(src / f, tmp_path / f)
    PR.load_protection_runs(tmp_path)
    info2 = json.loads((tmp_path / PR.RUNS_INFO).read_text())
    info2["sha256"] = "0" * 64
    (tmp_path / PR.RUNS_INFO).write_text(json.dumps(info2))
    with pytest.raises(ValueError, match="SHA-256"):
        PR.load_protection_runs(tmp_path)
    with pytest.raises(FileNotFoundError):
        PR.load_protection_runs(tmp_path / "missing")


def test_shipped_protected_fine_tune_has_card_and_time():
    from aigc_ethics.generate import CHECKPOINTS

    dest = CHECKPOINTS / "person-k3-protected"
    record = json.loads((dest / "training.json").read_text())
    _, info = PR.load_protection_runs()
    assert record["protection"] == info["best"] and 0 < record["cpu_seconds"] < 300
    card = (dest / "MODEL_CARD.md").read_text()
    assert "Measured time:" in card and "tools/train_protection.py" in card and "invented" in card


@pytest.mark.slow
def test_one_stored_condition_is_reproduced_by_the_training_script(pipe, clean):
    """Rerun ``fsmg-8`` (protection, fine-tune, generation) with tools/train_protection.py's code on one
    thread. Tolerance: the protected photos identical, the 60 generations within 2 grey levels on average
    and the identity match within 0.05 of the stored one (bit-identical on the machine that stored them;
    the tolerance allows another CPU's floating-point order)."""
    import train_protection as T

    from aigc_ethics.likeness import prior_images

    arrays, info = PR.load_protection_runs()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        prior = prior_images(pipe, per_profession=16, seed=0)
        got, record, _ = T.run_condition("fsmg-8", pipe, prior, load_identity_model(), clean)
    finally:
        torch.set_num_threads(threads)
    stored = arrays["images/fsmg-8"]
    assert np.array_equal(got["photos"], arrays["photos/fsmg-8"])
    assert np.abs(got["images"].astype(int) - stored.astype(int)).mean() <= 2
    idm = load_identity_model()
    assert abs(identity_match(idm, got["images"], TARGET)["top1"] - identity_match(idm, stored, TARGET)["top1"]) <= 0.05
    assert record["top1"] == pytest.approx(info["conditions"]["fsmg-8"]["top1"], abs=0.05)


def test_bench_reports_protection_before_and_after_each_transformation():
    from bench_chapters import CHAPTER_BENCHES, bench_protection

    b = bench_protection()
    _, info = PR.load_protection_runs()
    best = info["best"]
    transforms = [c["transform"] for n, c in info["conditions"].items() if n.startswith("none+")]
    for name in ["none", best] + [f"{p}+{t}" for p in ("none", best) for t in transforms]:
        share, low, high = b[f"protection/match/{name}"]
        assert 0 <= low <= share <= high <= 1
    assert b[f"protection/psnr_db/{best}"] == info["conditions"][best]["psnr"]
    live = b[f"protection/match/{best} (shipped, regenerated)"][0]
    assert abs(live - b[f"protection/match/{best}"][0]) <= 0.1           # the shipped weights match the store
    assert CHAPTER_BENCHES["protection"] is bench_protection
