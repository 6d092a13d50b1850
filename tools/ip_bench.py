"""Full attack bench of the intellectual-property chapter (precomputed for the book).

    OMP_NUM_THREADS=1 .venv/bin/python tools/ip_bench.py            # 128 images per class, all attacks
    OMP_NUM_THREADS=1 .venv/bin/python tools/ip_bench.py --n 16 --n-treering 16   # a quick smoke run
    OMP_NUM_THREADS=1 .venv/bin/python tools/ip_bench.py --photos --n 100        # real photographs + flip

Writes book/generated/ip_attack_bench.csv (post-hoc methods and Tree-Ring, one row per
method x attack), .md (the table in the book) and .json (settings, timings).

The post-hoc methods watermark generations of the default model (``tiny``); Tree-Ring needs a
model whose sampler can be inverted, so its images (and its regeneration attack) come from the
noise-predicting checkpoint ``treering`` (see lesson 33).
"""
import argparse
import json
import platform
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from aigc_ethics import attacks as A
from aigc_ethics import treering as T
from aigc_ethics import watermark as W
from aigc_ethics.generate import load_pipeline

ROOT = Path(__file__).resolve().parents[1]


def write_markdown(df, path):
    """TPR at 1 % FPR for every method (plus Tree-Ring's AUC and the course method's bit
    accuracy) as a markdown table for the book."""
    t = A.bench_table(df, metric="tpr_1fpr")
    if (df.method == "tree-ring").any():
        t["tree-ring AUC"] = A.bench_table(df[df.method == "tree-ring"], metric="auc")["tree-ring"]
    t["course bit acc."] = A.bench_table(df[df.method == "course"], metric="bit_acc")["course"]
    t["PSNR of attack (dB)"] = A.bench_table(df[df.method == "course"], metric="psnr_attack")["course"]
    n = df.groupby("method").n.first().to_dict()
    head = "| attack | " + " | ".join(f"{c} (n={n[c]})" if c in n else c for c in t.columns) + " |"
    lines = [head, "|" + "---|" * (len(t.columns) + 1)]
    for att, row in t.iterrows():
        lines.append(f"| {att} | " + " | ".join("" if pd.isna(v) else f"{v:.2f}" for v in row.values) + " |")
    emb = df.groupby("method")[["psnr_embed", "ssim_embed"]].first().dropna()
    lines += ["", "Embedding cost (watermarked vs original, mean): " + "; ".join(
        f"{m}: PSNR {r.psnr_embed:.1f} dB, SSIM {r.ssim_embed:.3f}" for m, r in emb.iterrows()) + "."]
    Path(path).write_text("\n".join(lines) + "\n")


PHOTO_ATTACKS = ["none", "JPEG 75", "JPEG 50", "resize 0.5", "crop 75%", "crop 50%", "rotate +5", "blur 1",
                 "noise 0.05", "combination", "flip"]


def run_photos(a):
    """The photo set (issue 20): the course method on real photographs, with and without the
    flip-aware second look, on the post-hoc attacks plus a horizontal flip."""
    t0 = time.time()
    attacks = a.attacks.split(",") if a.attacks else PHOTO_ATTACKS
    images = A.photo_set(a.n, seed=a.seed)
    bits = np.random.default_rng(a.seed).integers(0, 2, 32)
    df = A.bench_watermarks(images, W.make_key(a.seed), bits, attacks=attacks, methods=["course"], seed=a.seed,
                            flip_aware=True)
    out = a.out + "_photos"
    df.to_csv(out + ".csv", index=False)
    t = A.bench_table(df, metric="tpr_1fpr")
    t["course bit acc."] = A.bench_table(df[df.method == "course"], metric="bit_acc")["course"]
    Path(out + ".md").write_text(
        f"TPR at 1 % FPR on {a.n} real photographs (256 px crops of the scikit-image samples, seed {a.seed}); "
        "negatives are the same crops without a watermark.\n\n" + t.round(2).to_markdown() + "\n")
    meta = {"n_images": a.n, "seed": a.seed, "attacks": attacks, "seconds": round(time.time() - t0, 1),
            "machine": f"{platform.machine()}, {torch.get_num_threads()} torch threads",
            "command": f"OMP_NUM_THREADS=1 .venv/bin/python tools/ip_bench.py --photos --n {a.n}"}
    Path(out + ".json").write_text(json.dumps(meta, indent=1))
    print(t.round(3).to_string())
    print(meta)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=128, help="images per class (watermarked / not)")
    p.add_argument("--n-treering", type=int, default=128)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--skip-treering", action="store_true")
    p.add_argument("--only-treering", action="store_true",
                   help="keep the post-hoc rows of an existing CSV and (re)run Tree-Ring only")
    p.add_argument("--out", default=str(ROOT / "book/generated/ip_attack_bench"))
    p.add_argument("--tables-only", action="store_true", help="only rewrite the markdown table from the CSV")
    p.add_argument("--photos", action="store_true",
                   help="bench the course method (plain and flip-aware) on real photographs (crops of the "
                        "scikit-image samples) instead of generations; writes <out>_photos.*")
    p.add_argument("--attacks", default=None, help="comma-separated attack names (default: the whole suite)")
    a = p.parse_args(argv)
    if a.photos:
        run_photos(a)
        return
    if a.tables_only:
        write_markdown(pd.read_csv(a.out + ".csv"), a.out + ".md")
        return
    torch.manual_seed(a.seed)
    t0 = time.time()
    pipe = load_pipeline("tiny", device="cpu")
    if a.only_treering:
        df = pd.read_csv(a.out + ".csv")
        df = df[~df.method.str.startswith("tree-ring")]
        old = json.loads(Path(a.out + ".json").read_text()) if Path(a.out + ".json").is_file() else {}
        t_post = old.get("seconds_posthoc")
    else:
        images = A.bench_generations(pipe, n=a.n, seed=a.seed)
        bits = np.random.default_rng(a.seed).integers(0, 2, 32)
        df = A.bench_watermarks(images, W.make_key(a.seed), bits, pipe=pipe, seed=a.seed)
        t_post = round(time.time() - t0, 1)
        df.to_csv(a.out + ".csv", index=False)    # written early: the Tree-Ring part is slow
    t1 = time.time()
    key = T.make_key((3, 32, 32), seed=a.seed)            # the course's default key: rings 3-7
    if not a.skip_treering:
        tr = A.bench_treering(load_pipeline("treering", device="cpu"), key, n=a.n_treering, seed=a.seed + 1000)
        df = pd.concat([df, tr], ignore_index=True)
        df.to_csv(a.out + ".csv", index=False)
    meta = {"n_images": a.n, "n_treering": 0 if a.skip_treering else a.n_treering, "seed": a.seed,
            "payload_bits": 32, "treering": {"radius": key["radius"], "inner_radius": key["inner_radius"],
                                             "channels": list(key["channels"]), "checkpoint": "treering"},
            "seconds_posthoc": t_post, "seconds_treering": round(time.time() - t1, 1),
            "machine": f"{platform.machine()}, {torch.get_num_threads()} torch threads",
            "command": "OMP_NUM_THREADS=1 .venv/bin/python tools/ip_bench.py"}
    Path(a.out + ".json").write_text(json.dumps(meta, indent=1))
    if Path(a.out) == ROOT / "book/generated/ip_attack_bench":   # the copy lessons read (aigc_ethics.attacks.load_attack_bench)
        shutil.copyfile(a.out + ".csv", ROOT / "src/aigc_ethics/data/ip_attack_bench.csv")
    write_markdown(df, a.out + ".md")
    print(df.round(3).to_string())
    print(meta)


if __name__ == "__main__":
    main()
