"""Measure the trained model and write its model card (and the datasheet's table).

    python tools/modelcard.py --run runs/tiny        # install a trained run as the shipped model
    python tools/modelcard.py --datasheet-only       # only rewrite book/generated/composition.md

Everything in the card is measured here, from fixed seeds:

* **prompt faithfulness**: for every profession and every artist, ``n`` images are generated
  and the attribute classifier (:mod:`aigc_ethics.attributes`) says which profession/style each
  shows; the table reports the share matching the prompt (target: at least 90 %);
* **skin tones**: the share of lighter skin (Monk 1-5) among generated portraits of each
  profession, next to the share in the training data for that profession;
* **speed**: seconds to generate 16 images at the default settings on this machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from tqdm.auto import tqdm

from aigc_ethics.core.attributes import load_classifier
from aigc_ethics.core.datasets import (
    ARTISTS,
    PROFESSIONS,
    artist_prompt,
    composition_markdown,
    default_composition,
    make_dataset,
    profession_prompt,
)
from aigc_ethics.core.datasets import markdown_table as _markdown_table
from aigc_ethics.core.generate import (
    CHECKPOINTS,
    TINY_CHECKPOINT,
    TinyDiffusionPipeline,
    default_guidance,
    generate_many,
    load_pipeline,
    write_checksums,
)
from aigc_ethics.core.stats import diversity

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "book" / "generated"


def faithfulness(pipe, classifier, n: int = 64, seed: int = 0, progress: bool = True,
                 **kwargs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Share of generated images whose classified profession/style matches the prompt, plus
    the share of lighter skin tones among generated portraits vs the training data; and the
    counts of each Monk shade among the generated portraits of each profession."""
    train = make_dataset(default_composition(), seed=0).attributes
    rows, hist = [], []
    prompts = [("profession", p, profession_prompt(p)) for p in PROFESSIONS] + \
              [("style", ARTISTS[a], artist_prompt(a)) for a in ARTISTS]
    for kind, target, prompt in tqdm(prompts, desc="faithfulness", disable=not progress):
        images = generate_many(pipe, prompt, n, seed=seed, **kwargs)
        pred = classifier.predict(images)
        row = {"prompt": prompt, "images": n, "faithful": float((pred[kind] == target).mean())}
        if kind == "profession":
            portraits = pred[pred.family == "portrait"]
            sub = train[train.profession == target]
            row["lighter skin, generated"] = float((portraits.skin_group == "lighter").mean()) if len(portraits) else np.nan
            row["lighter skin, training data"] = float((sub.skin_group == "lighter").mean())
            row["distinct skin tones"] = int(portraits.skin_tone.nunique())
            tones = portraits.skin_tone.astype(int)
            hist.append({"profession": target, **{f"MST {t}": int((tones == t).sum()) for t in range(1, 11)}})
        rows.append(row)
    return pd.DataFrame(rows), pd.DataFrame(hist)


def guidance_table(pipe, classifier, scales=(1.0, 2.0, 3.0, 5.0), n: int = 32, seed: int = 1,
                   progress: bool = True) -> pd.DataFrame:
    """Mean faithfulness (professions, styles) and diversity per guidance scale, ``n`` images per prompt."""
    rows = []
    prompts = [("profession", p, profession_prompt(p)) for p in PROFESSIONS] + \
              [("style", ARTISTS[a], artist_prompt(a)) for a in ARTISTS]
    for scale in tqdm(scales, desc="guidance sweep", disable=not progress):
        faith = {"profession": [], "style": []}
        div = []
        for kind, target, prompt in prompts:
            images = generate_many(pipe, prompt, n, seed=seed, guidance_scale=scale)
            faith[kind].append(float((classifier.predict(images)[kind] == target).mean()))
            div.append(diversity(images))
        rows.append({"guidance": scale, "faithful (professions)": round(float(np.mean(faith["profession"])), 3),
                     "faithful (styles)": round(float(np.mean(faith["style"])), 3),
                     "diversity": round(float(np.mean(div)), 3)})
    return pd.DataFrame(rows)


def time_generation(pipe, n_images: int = 16, repeats: int = 3, **kwargs) -> float:
    """Median seconds for one call generating ``n_images`` (after one warm-up call)."""
    pipe("a portrait of a chef", num_images_per_prompt=n_images, generator=0, **kwargs)
    times = []
    for r in range(repeats):
        t = time.perf_counter()
        pipe("a portrait of a chef", num_images_per_prompt=n_images, generator=r, **kwargs)
        times.append(time.perf_counter() - t)
    return float(np.median(times))


CARD = """# Tiny text-to-image model ("tiny")

## What it is
A pixel-space text-to-image diffusion model built from `diffusers` parts: a `UNet2DModel`
({unet_params:,} parameters, 32x32 RGB, blocks 32/64/128 channels, self-attention at 8x8) whose
class-embedding input receives the output of a bag-of-words text encoder
({text_params:,} parameters, {vocab} words). Trained with a `DDPMScheduler` (1000 steps, cosine
schedule) to predict the clean image (`prediction_type="sample"`); sampled with `DDIMScheduler`
(default 25 steps) and classifier-free guidance (default scale {guidance}; 10 % of captions were dropped
in training). Shipped weights are the exponential moving average (decay {ema}) of training.

## Training data
The synthetic dataset of the course's datasheet: {dataset_size:,} images (6 professions x 1000
portraits, 6 fictional artists x 500 artworks), seed {data_seed}, each with a caption. No real
person, photograph or artwork is in it. The skin-tone mix per profession is deliberately skewed
(see the datasheet).

## Training
{steps:,} steps, batch {batch}, AdamW lr {lr} ({warmup} warm-up steps), seed {seed}, on
{device} ({machine}, 2 CPU cores, {threads} torch thread(s)): {minutes:.0f} minutes of training
({train_seconds:.0f} s of measured wall time, resumed twice from checkpoints; part of it shared
the CPU with other work, so an idle machine is faster: about 2.8 steps/s, i.e. 36 minutes).
Final loss (mean of the last 100 steps): {final_loss:.4f}. Reproduce with
`python -m aigc_ethics.train --out runs/tiny --steps {steps} --threads 1` (the card's other
numbers: `python tools/modelcard.py --run runs/tiny`).

## Prompt faithfulness (measured)
{n} images per prompt, {eval_steps} DDIM steps, guidance {guidance}, seed {eval_seed}; the
attribute classifier (held-out accuracy on synthetic images: profession {acc_prof:.3f}, style
{acc_style:.3f}, skin tone {acc_skin:.3f}, skin group {acc_group:.3f}) reads the profession or
style off each image. "Faithful" is the share matching the prompt.

{faith_table}
Mean faithfulness: professions {mean_prof:.3f}, styles {mean_style:.3f} (target 0.90).

## Choosing the guidance scale (measured)
{guide_n} images per prompt and scale, all 12 prompts, seed 1. The pipeline's default guidance
({guidance}; 1 means no guidance, which also halves sampling time) was chosen from a sweep like
this one: for this small clean-image-prediction model, strong guidance over-saturates the images
and lowers faithfulness, unlike large latent models, which are usually run at scales of 5-10.

{guide_table}
## Skin tones of generated portraits (measured)
Counts of classified Monk shades among the {n} images per profession above:

{hist_table}
## Speed
16 images, {eval_steps} steps, guidance {guidance}: {speed:.2f} s (median of 3, {speed_threads}
torch threads, {machine}).

## Intended use and limits
For teaching: every image it learned from can be listed, so memorisation, bias and copying can
be traced to the data. It knows only its {vocab}-word vocabulary (a new word is an error), six
professions and six styles, at 32x32 pixels. Its skin-tone mix reflects (and can amplify) the
designed skew of its training data: that is the point of the bias chapter, not a property to
deploy. It must not be used to draw conclusions about real people.
"""


def write_card(run_dir, out_dir=TINY_CHECKPOINT, n: int = 64, seed: int = 0, progress: bool = True) -> dict:
    """Install ``run_dir/pipeline`` as the shipped checkpoint, measure it, write MODEL_CARD.md."""
    run_dir, out_dir = Path(run_dir), Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(run_dir / "pipeline", out_dir)
    write_checksums(out_dir)
    info = json.loads((run_dir / "train_info.json").read_text())
    pipe = load_pipeline(str(out_dir), device="cpu")
    clf = load_classifier()
    guidance, steps = default_guidance(), 25
    guide = guidance_table(pipe, clf, n=max(8, n // 2), progress=progress)
    faith, hist = faithfulness(pipe, clf, n=n, seed=seed, progress=progress)
    speed = time_generation(pipe)
    acc = clf.info["held_out_accuracy"]
    cfg = info["config"]
    text = CARD.format(
        unet_params=info["unet_parameters"], text_params=info["text_encoder_parameters"],
        vocab=len(pipe.tokenizer.vocab), ema=cfg["ema_decay"], dataset_size=info["dataset_size"],
        data_seed=cfg["data_seed"], steps=info["steps"], batch=cfg["batch_size"], lr=cfg["lr"],
        warmup=cfg["warmup"], seed=cfg["seed"], device=info["device"], machine=info["machine"],
        threads=info["torch_threads"], minutes=info["train_seconds"] / 60, train_seconds=info["train_seconds"],
        final_loss=info["final_loss_avg100"], n=n, eval_steps=steps, guidance=guidance, eval_seed=seed,
        acc_prof=acc["profession"], acc_style=acc["style"], acc_skin=acc["skin_tone"],
        acc_group=acc["skin_group"], faith_table=_markdown_table(faith), hist_table=_markdown_table(hist),
        mean_prof=faith[faith.prompt.str.startswith("a portrait")].faithful.mean(),
        mean_style=faith[faith.prompt.str.startswith("a painting")].faithful.mean(),
        speed=speed, speed_threads=torch.get_num_threads(), guide_n=max(8, n // 2),
        guide_table=_markdown_table(guide))
    (out_dir / "MODEL_CARD.md").write_text(text)
    results = {"faithfulness": faith.to_dict("records"), "guidance": guide.to_dict("records"), "skin_tones": hist.to_dict("records"),
               "seconds_16_images": speed, "train": info}
    (out_dir / "measurements.json").write_text(json.dumps(results, indent=1))
    write_checksums(out_dir)
    GENERATED.mkdir(parents=True, exist_ok=True)
    if (run_dir / "loss_curve.png").exists():
        shutil.copy(run_dir / "loss_curve.png", GENERATED / "loss_curve.png")
    return results


VARIANT_CARD = """# Variant "{name}" of the tiny model

{purpose}

- Starts from: {start}.
- The UNet predicts {predicts} (`prediction_type="{prediction_type}"`).
- Training data: the course dataset with {composition_text} (see the datasheet;
  `aigc_ethics.datasets.composition_from_spec`), seed {data_seed}, {dataset_size:,} images.
- Training: {steps:,} steps, batch {batch}, lr {lr} ({warmup} warm-up steps), EMA {ema}, seed {seed}, {device}, {train_seconds:.0f} s.
- Weights stored in float16 (loaded as float32). Reproduce with
  `python -m aigc_ethics.train --out runs/{name}{init_arg} --composition "{composition}" --steps {steps} --lr {lr} --warmup {warmup}{pred_arg}`
  then `python tools/modelcard.py --variant {name} --run runs/{name} --purpose "..."`.
"""


def install_variant(name: str, run_dir, purpose: str) -> Path:
    """Copy a fine-tuned run into ``checkpoints/<name>`` (float16) with a short card and checksums."""
    if name == "tiny" or not name.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"invalid variant name {name!r}")
    run_dir = Path(run_dir)
    info = json.loads((run_dir / "train_info.json").read_text())
    out = CHECKPOINTS / name
    if out.exists():
        shutil.rmtree(out)
    TinyDiffusionPipeline.from_pretrained(run_dir / "pipeline").save_pretrained(out, half=True)
    cfg = info["config"]
    init_from, kind = cfg.get("init_from") or "", cfg.get("prediction_type", "sample")
    (out / "MODEL_CARD.md").write_text(VARIANT_CARD.format(
        name=name, purpose=purpose,
        start=f"{init_from} (fine-tuned, not trained from scratch)" if init_from else "random weights (trained from scratch)",
        init_arg=f" --init-from {init_from}" if init_from else "",
        prediction_type=kind, predicts="the noise" if kind == "epsilon" else "the clean image",
        pred_arg=" --prediction-type epsilon" if kind == "epsilon" else "",
        composition_text=(f"composition `{cfg['composition']}`" if cfg.get("composition")
                          else "its default composition"),
        composition=cfg.get("composition", ""), data_seed=cfg["data_seed"], dataset_size=info["dataset_size"],
        steps=info["steps"], batch=cfg["batch_size"], lr=cfg["lr"], warmup=cfg["warmup"], ema=cfg["ema_decay"], seed=cfg["seed"],
        device=info["device"], train_seconds=info["train_seconds"]))
    write_checksums(out)
    return out


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", help="training run folder (with pipeline/ and train_info.json)")
    p.add_argument("--n", type=int, default=64, help="images per prompt for the faithfulness table")
    p.add_argument("--datasheet-only", action="store_true")
    p.add_argument("--variant", help="install --run as a named variant checkpoint instead of 'tiny'")
    p.add_argument("--purpose", default="", help="one sentence for the variant's card")
    args = p.parse_args(argv)
    if args.variant:
        print(install_variant(args.variant, args.run, args.purpose))
        return
    GENERATED.mkdir(parents=True, exist_ok=True)
    (GENERATED / "composition.md").write_text(composition_markdown())
    if args.datasheet_only:
        return
    if not args.run:
        p.error("--run is required unless --datasheet-only")
    results = write_card(args.run, n=args.n)
    print(pd.DataFrame(results["faithfulness"]).to_string(index=False))
    print(f"16 images: {results['seconds_16_images']:.2f} s")


if __name__ == "__main__":
    main()
