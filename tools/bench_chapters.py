"""Each chapter's measured numbers for ``make bench`` (maintenance tooling, not part of the package).

:data:`CHAPTER_BENCHES` is the one explicit list that ``tools/bench.py`` runs; a chapter that adds a
bench function adds it here.
"""
from __future__ import annotations

import json
import time

import numpy as np

from aigc_ethics.chapters import attacks as A
from aigc_ethics.chapters import attribution as AT
from aigc_ethics.chapters import cloak as CL
from aigc_ethics.chapters import consent as C
from aigc_ethics.chapters import detect as D
from aigc_ethics.chapters import likeness as LK
from aigc_ethics.chapters import marks as MK
from aigc_ethics.chapters import protection as PR
from aigc_ethics.chapters import society as S
from aigc_ethics.chapters import style_remedies as SR
from aigc_ethics.chapters import takedown as TD
from aigc_ethics.chapters import tdm
from aigc_ethics.chapters import treering as T
from aigc_ethics.chapters import watermark as W
from aigc_ethics.chapters.quiz import edit_strength_table, make_photo_quiz, score, simulate_respondents, statistic_answers
from aigc_ethics.chapters.regulation import control_matrix, load_regulations
from aigc_ethics.core.attributes import load_classifier
from aigc_ethics.core.datasets import PROFESSIONS, make_dataset, render_portrait
from aigc_ethics.core.generate import CHECKPOINTS, load_pipeline
from aigc_ethics.core.similarity import rmse
from aigc_ethics.core.vae import CHECKPOINT_DIR, SIGMA_FILE


def bench_ip(n: int = 16, seed: int = 0, attacks=("none", "JPEG 50", "rotate +5", "crop 75%"),
             progress: bool = False, treering: bool = True) -> dict:
    """Measured numbers for ``make bench``: a small live run of the bench (``n`` generations per
    class, a few attacks; post-hoc methods on the ``tiny`` model, Tree-Ring on the ``treering``
    model) as ``{"ip/method/attack/metric": value}``. The full run (128 images per class, every
    attack) is ``python tools/ip_bench.py``."""


    t0 = time.time()
    pipe = load_pipeline("tiny", device="cpu")
    images = A.bench_generations(pipe, n=n, seed=seed)
    bits = np.random.default_rng(seed).integers(0, 2, 32)
    df = A.bench_watermarks(images, W.make_key(seed), bits, attacks=list(attacks), pipe=pipe, progress=progress)
    out = {}
    for r in df.itertuples():
        for metric in ("bit_acc", "tpr_1fpr", "psnr_embed"):
            out[f"ip/{r.method}/{r.attack}/{metric}"] = round(float(getattr(r, metric)), 3)
    if treering:
        tr = A.bench_treering(load_pipeline("treering", device="cpu"), T.make_key((3, 32, 32), seed=seed),
                            n=n, seed=seed + 1000, attacks=list(attacks), progress=progress)
        for r in tr[tr.method == "tree-ring"].itertuples():
            for metric in ("auc", "tpr_1fpr"):
                out[f"ip/tree-ring/{r.attack}/{metric}"] = round(float(getattr(r, metric)), 3)
    out["ip/seconds"] = round(time.time() - t0, 1)
    return out


def bench_law() -> dict:
    """Measured numbers of the law & society chapter (for ``make bench``; the bench module is not edited)."""
    t0 = time.perf_counter()
    df = load_regulations()
    m = control_matrix(df)
    runs = S.course_training_runs()
    return {"rules": int(len(df)), "rules_source_read": int(df["source_read"].sum()),
            "countries": int(len(m)), "course_training_seconds": float(runs["seconds"].sum()),
            "course_training_kwh_at_30W": S.energy_kwh(float(runs["seconds"].sum()), watts=30.0),
            "seconds_to_load": round(time.perf_counter() - t0, 3)}


def bench_misinformation() -> dict:
    """The chapter's measured numbers (for ``make bench``): AUCs in distribution, on each unseen
    generator (including the VAE sets) and under each post-processing setting, with and without
    augmentation, the simulated quiz score distribution, the photo round's edit and localisation
    numbers, and the shipped VAE's training steps and wall time."""
    dets = D.train_detectors(augmented=True)
    _, _, rte, fte = D.train_test()
    out = {}
    for name, d in dets.items():
        for k, v in D.evaluate(d, rte, fte).items():
            out[f"detect/{name}/in-distribution/{k}"] = round(v, 4)
    gen = D.generalisation_table(dets, rte)
    for g in gen.index:
        for name in gen.columns:
            out[f"detect/{name}/generator={g}/AUC"] = round(float(gen.loc[g, name]), 4)
    rob = D.robustness_sweep(dets, rte, fte)
    for s in rob.index:
        for name in rob.columns:
            out[f"detect/{name}/{s}/AUC"] = round(float(rob.loc[s, name]), 4)
    sim = simulate_respondents(seed=0)
    out.update({"quiz/simulated/mean": round(float(sim.mean()), 4),
                "quiz/simulated/p05": round(float(np.quantile(sim, 0.05)), 4),
                "quiz/simulated/p95": round(float(np.quantile(sim, 0.95)), 4)})
    out.update(_bench_photo_round())
    try:                                   # the shipped VAE's training facts, from its checkpoint
        meta = json.loads((CHECKPOINT_DIR / SIGMA_FILE).read_text()).get("meta", {})
        out.update({"vae/train/steps": meta.get("step"), "vae/train/wall_s": meta.get("wall_s")})
    except FileNotFoundError:
        pass
    return out


def _bench_photo_round() -> dict:
    """Photo round of the quiz (lesson 40): how much a regenerated tile changes and how well the
    residual-energy statistic localises it, per edit strength (16 crops, seed 1), and the
    automatic respondent's accuracy on the 8-item quiz (seed 0, strength 0.3)."""
    pipe = load_pipeline("tiny", device="cpu")
    out = {}
    table = edit_strength_table(pipe=pipe, strengths=(0.1, 0.3, 0.5), n=16, seed=1)
    for s, row in table.iterrows():
        out[f"quiz/photo/strength={s}/tile_change"] = round(float(row["tile change (grey levels)"]), 2)
        out[f"quiz/photo/strength={s}/tile_psnr_db"] = round(float(row["tile PSNR (dB)"]), 2)
        out[f"quiz/photo/strength={s}/localisation_AUC"] = round(float(row["localisation AUC"]), 4)
    q = make_photo_quiz(8, pipe=pipe, seed=0, strength=0.3)
    out["quiz/photo/automatic_respondent/accuracy"] = round(float(score(statistic_answers(q), q.truth)["accuracy"]), 4)
    return out


def bench_likeness(n_listed: int = 40, n_photos: int = 1000, seed: int = 0) -> dict:
    """The likeness chapter's measured numbers (lessons 62-63): PDQ match rate of edited copies of
    ``n_listed`` synthetic portraits per edit and threshold, the false-match rate on unrelated
    synthetic images and photo crops, and the consent simulation (copies made after revocation)."""
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    victim = TD.upscale(np.stack([render_portrait(PROFESSIONS[i % len(PROFESSIONS)], skin_tone=int(rng.integers(1, 11)),
                                                  seed=100 + i) for i in range(n_listed)]))
    listed = TD.pdq_hashes(victim)
    unrelated = np.concatenate([TD.pdq_hashes(TD.upscale(make_dataset(seed=seed + 1, scale=0.3).images)),
                                TD.pdq_hashes(TD.photo_patches(n_photos, seed=seed))])
    strength = {"jpeg": 0.5, "resize": 0.4, "colour": 0.2, "grey": 0.0, "overlay": 0.2, "crop": 0.1, "flip": 0.0}
    edited = {k: TD.pdq_hashes(TD.edit(victim, k, strength=v)) for k, v in strength.items()}
    table = TD.match_table(listed, edited, unrelated, thresholds=(16, TD.PDQ_THRESHOLD, 48))
    out = {f"takedown/{row}/threshold={t}": round(float(table.loc[row, t]), 4)
           for row in table.index for t in table.columns}
    flip_8 = TD.distances(TD.pdq_hashes(TD.edit(victim, "flip")), TD.pdq_hashes(victim, dihedral=True))
    out["takedown/flip (8 dihedral hashes)/threshold=31"] = round(float((np.diag(flip_8) <= TD.PDQ_THRESHOLD).mean()), 4)
    out["takedown/unrelated_images"] = int(len(unrelated))
    runs = [C.simulate_shares(days=60, revoke_day=20, seed=s)["in_circulation"][-1] for s in range(50)]
    never = [C.simulate_shares(days=60, revoke_day=None, seed=s)["in_circulation"][-1] for s in range(50)]
    out["consent/copies_at_day_60_revoked_day_20/mean"] = round(float(np.mean(runs)), 1)
    out["consent/copies_at_day_60_never_revoked/mean"] = round(float(np.mean(never)), 1)
    out["likeness/seconds"] = round(time.perf_counter() - t0, 1)
    return out


def bench_personalisation(n_per_context: int = 8, seed: int = 0) -> dict:
    """The likeness chapter's personalisation numbers (lesson 60): top-1 identity match with the
    invented person P07 (top-1, 95 % Wilson interval) of "a zqv person who is a <profession>" for the
    fine-tunes on K = 1, 3, 10 photos, against the base model's "a person who is a <profession>";
    the identity model's held-out accuracy; the fine-tunes' measured training CPU seconds."""
    t0 = time.perf_counter()
    idm = LK.load_identity_model()
    out = {"personalisation/identity_model/held_out_accuracy": idm.info["held_out_accuracy"]}
    models = {"base": ("tiny", None)} | {f"K={k}": (f"person-k{k}", LK.TOKEN) for k in (1, 3, 10)}
    for label, (name, token) in models.items():
        images, _ = LK.context_generations(load_pipeline(name, device="cpu"), token=token,
                                           n_per_context=n_per_context, seed=seed)
        m = LK.identity_match(idm, images, LK.TARGET)
        out[f"personalisation/match/{label}"] = [round(m["top1"], 4), round(m["low"], 4), round(m["high"], 4)]
        if token is not None:
            record = json.loads((CHECKPOINTS / name / "training.json").read_text())
            out[f"personalisation/train_cpu_seconds/{label}"] = record["cpu_seconds"]
    out["personalisation/seconds"] = round(time.perf_counter() - t0, 1)
    return out


def bench_creators() -> dict:
    """Creators' rights (lesson 53): what the course's TDMRep-style opt-out removes from the training set."""
    data = make_dataset(seed=0, scale=0.2)
    report = tdm.honour_optouts(data, tdm.parse_tdmrep('[{"location": "/works/quist/*", "tdm-reservation": 1}]'))
    return {"optout/quist/removed_items": report.removed, "optout/quist/share_of_training_set": round(report.share_removed, 4),
            "law_of_training/rows": int(len(tdm.load_law_table()))}


def bench_marks(n: int = 64, seed: int = 0) -> dict:
    """Creators' rights (lesson 36): how often the ``agency-marks`` model reproduces the invented agency's
    mark (clear, and clear-or-garbled), per prompt (naming each artist, whose works carried it at a known
    share, or naming nobody), with Wilson intervals; the detector's error rates on held-out renders and
    its false positives on generations of the shipped ``tiny`` (which never saw the mark)."""
    t0 = time.perf_counter()
    images = MK.generate_for_prompts(load_pipeline("agency-marks", device="cpu"), n=n, seed=seed, progress=False)
    base = MK.generate_for_prompts(load_pipeline("tiny", device="cpu"), n=n, seed=seed, progress=False)
    out = {}
    for level, t in (("clear", MK.MARK_THRESHOLD), ("garbled", MK.GARBLED_THRESHOLD)):
        for prompt, row in MK.reproduction_table(images, threshold=t).iterrows():
            key = f"share={row['share stamped']:g}/{prompt}" if row["names"].startswith("source: ") else f"generic/{prompt}"
            out[f"marks/{level}/rate/{key}"] = [float(row["rate"]), float(row["low"]), float(row["high"])]
        fp = MK.reproduction_table(base, threshold=t)
        out[f"marks/{level}/false positives on tiny's generations"] = MK.rate_with_interval(
            np.concatenate([MK.detect_mark(b, threshold=t) for b in base.values()]))
        out[f"marks/{level}/false positives on tiny's generations"]["max mean score"] = float(fp["mean score"].max())
        for name, row in MK.detector_errors(50, threshold=t).iterrows():
            out[f"marks/{level}/detector/{name}"] = [float(row["rate"]), float(row["low"]), float(row["high"])]
    out["marks/seconds"] = round(time.perf_counter() - t0, 1)
    return out


def bench_style_remedies(n: int = 64, n_other: int = 16, seed: int = 0) -> dict:
    """Creators' rights (lesson 39): residual style per remedy for the artist quist (share of ``n``
    generations for "a painting in the style of quist" read as rings, with a 95 % Wilson interval) and the
    mean share of the other five artists' generations read as their own style (collateral damage shows as
    a drop), for no remedy, opt-out, the two ESD-style erasures and the three copier fine-tunes; the
    cloak's PSNR/SSIM/L-inf and its survival (training-loss lift kept) under each copier transform."""
    t0 = time.perf_counter()
    clf = load_classifier()
    out = {}
    for name in ("tiny", "optout-quist", "erased-quist", "erased-quist-encoder", *SR.COPIER_CHECKPOINTS):
        row = SR.remedy_row(load_pipeline(name, device="cpu"), clf, "quist", n=n, n_other=n_other, seed=seed)
        out[f"style_remedies/residual_style/{name}"] = [round(row[k], 4) for k in ("residual_style", "low", "high")]
        out[f"style_remedies/other_styles_kept/{name}"] = round(row["other_styles_kept"], 4)
    w = SR.copier_works("copier-quist-cloaked")
    out["style_remedies/cloak/linf"] = CL.linf(w["original"], w["trained_on"])
    out["style_remedies/cloak/psnr_db"] = round(CL.psnr(w["original"], w["trained_on"]), 2)
    out["style_remedies/cloak/ssim"] = round(CL.ssim(w["original"], w["trained_on"]), 4)
    surv = CL.survival(w["original"], w["trained_on"], load_pipeline("tiny", device="cpu"),
                       prompt="a painting in the style of quist", samples=8, seed=seed)
    for t, v in surv.items():
        out[f"style_remedies/cloak/survival/{t}"] = round(v["survival"], 4)
    out["style_remedies/seconds"] = round(time.perf_counter() - t0, 1)
    return out


def bench_attribution(seed: int = 0) -> dict:
    """Creators' rights (lesson 37): agreement of three attribution methods (nearest neighbour in
    pixels, the style classifier, gradient similarity under the commission model) with the two ground
    truths of the leave-one-contributor-out fine-tunes (``aigc_ethics/data/attribution_runs.npz``, made by
    ``tools/train_attribution.py``): the image change and the likelihood drop, on the 48 outputs for
    "an artwork". Per method and truth: top-1 agreement ``[share, low, high]`` (95 % Wilson) and mean
    rank correlation ``[rho, low, high]`` (bootstrap); each truth's stability across two training seeds
    (same top contributor, Wilson interval); how many outputs' largest change is above the retraining
    noise floor; each contributor's credit share by each truth and each method; chance level."""
    t0 = time.perf_counter()
    runs = AT.load_attribution_runs()
    names = [str(a) for a in runs["contributors"]]
    c = len(names)
    works = AT.commission_works()
    m = runs["prompts"] == AT.COMMISSION_PROMPT
    outputs = runs["outputs"][m]
    truths = {"image": AT.output_change(runs["outputs"], runs["loo_outputs"])[m],
              "likelihood": (runs["loss"][1:1 + c] - runs["loss"][0]).T[m]}
    again = {"image": AT.output_change(runs["reseed_outputs"], runs["loo_outputs_s1"])[m],
             "likelihood": (runs["loss"][c + 2:] - runs["loss"][c + 1]).T[m]}
    floor = rmse(runs["outputs"], runs["reseed_outputs"])[m]
    scores = {"pixel": AT.pixel_scores(outputs, works, names),
              "style": AT.style_scores(outputs, load_classifier(), names),
              "gradient": AT.gradient_scores(load_pipeline("commission", device="cpu"), outputs, works, names, seed=seed)}
    out = {"attribution/outputs": int(m.sum()), "attribution/chance": round(1 / c, 4),
           "attribution/clear_truth": int((truths["image"].max(1) > floor).sum()),
           "attribution/truths_agree/top1": round(AT.agreement(truths["likelihood"], truths["image"], seed=seed)["top1"], 4)}
    for tname, truth in truths.items():
        st = AT.agreement(again[tname], truth, seed=seed)
        out[f"attribution/truth_{tname}/seed_stability"] = [round(st[k], 4) for k in ("top1", "low", "high")]
        out[f"attribution/truth_{tname}/credit"] = dict(zip(names, np.round(AT.shares(truth, hard=True), 4).tolist()))
        for method, s in scores.items():
            a = AT.agreement(s, truth, seed=seed)
            out[f"attribution/{method}/vs_{tname}/top1"] = [round(a[k], 4) for k in ("top1", "low", "high")]
            out[f"attribution/{method}/vs_{tname}/spearman"] = [round(a[k], 4) for k in ("spearman", "spearman_low", "spearman_high")]
    for method, s in scores.items():
        out[f"attribution/{method}/credit"] = dict(zip(names, np.round(AT.shares(s, hard=True), 4).tolist()))
    out["attribution/seconds"] = round(time.perf_counter() - t0, 1)
    return out


#: ``name -> function``: what ``make bench`` measures per chapter, in this order.
def bench_protection(seed: int = 1) -> dict:
    """The likeness chapter's protective perturbations (lesson 61): for every condition that
    ``tools/train_protection.py`` stored (unprotected; FSMG, targeted and ASPL protections at 4-32/255;
    the best protection and the unprotected photos after each copier transformation) the top-1
    identity match with P07 of the fine-tune's 60 generations ``[share, low, high]`` (95 % Wilson),
    the protection's PSNR/SSIM and the fine-tune's CPU seconds; the shipped ``person-k3-protected``
    regenerated live (``seed``: the stored runs used generation seed 1) as a check on the store."""
    t0 = time.perf_counter()
    arrays, info = PR.load_protection_runs()
    idm = LK.load_identity_model()
    out = {"protection/best": info["best"]}
    for name, c in info["conditions"].items():
        m = LK.identity_match(idm, arrays[f"images/{name}"], LK.TARGET)
        out[f"protection/match/{name}"] = [round(m["top1"], 4), round(m["low"], 4), round(m["high"], 4)]
        if "+" not in name and name != "none":
            out[f"protection/psnr_db/{name}"] = c["psnr"]
            out[f"protection/ssim/{name}"] = c["ssim"]
        out[f"protection/train_cpu_seconds/{name}"] = c["train_cpu_seconds"]
    images, _ = LK.context_generations(load_pipeline("person-k3-protected", device="cpu"),
                                       n_per_context=info["n_per_context"], seed=seed)
    m = LK.identity_match(idm, images, LK.TARGET)
    out[f"protection/match/{info['best']} (shipped, regenerated)"] = [round(m["top1"], 4), round(m["low"], 4),
                                                                      round(m["high"], 4)]
    out["protection/seconds"] = round(time.perf_counter() - t0, 1)
    return out


CHAPTER_BENCHES = {"misinformation": bench_misinformation, "ip": bench_ip, "law": bench_law,
                   "likeness": bench_likeness, "personalisation": bench_personalisation, "creators": bench_creators, "marks": bench_marks,
                   "style_remedies": bench_style_remedies, "attribution": bench_attribution,
                   "protection": bench_protection}
