# %% [markdown]
# # Appendix A5 · Law and society on a real model: the energy of 1,000 images
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/appendices/A5_law_and_society_on_a_real_model.ipynb)
#
# **This appendix needs a GPU and internet** (Colab: *Runtime → Change runtime type → GPU*). It
# re-runs the inference-energy measurement of [lesson 51](../notebooks/51_survey_and_costs.ipynb)
# on a Stable Diffusion model from the Hugging Face Hub, timing the generation on the GPU and
# reading the GPU's power draw while it runs. The course site shows it **without outputs**: your
# run computes every number.
#
# **You will learn**
# - to measure seconds per image and the GPU's power draw, and turn them into kWh per 1,000 images;
# - which boundary a number like that draws (GPU board only) and why published figures differ.
#
# **Run time:** not measured by the course (it has no GPU); estimated at 1-3 minutes on a Colab T4
# with SD-Turbo (a warm-up batch, then 64 timed images).

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab,hub] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## Opt in: the model and the size of the run
#
# The model is `HUB_MODELS["fast"]` (SD-Turbo, 4 steps, no guidance), unless the environment
# variable `AIGC_HUB_MODEL` names another Hub id or a folder holding a saved diffusers pipeline;
# run it a second time with `HUB_MODELS["standard"]` (25 steps, guidance 7.5) to see what the
# number of steps costs. `WATTS_IF_UNMEASURED` is used only when the power cannot be read (no
# `nvidia-smi`); 70 W is the board power of Colab's T4 (NVIDIA T4 datasheet). The next cell stops
# with a message if this runtime has no GPU or no internet.

# %% tags=["parameters"]
import os
from aigc_ethics.generate import HUB_MODELS

MODEL = os.environ.get("AIGC_HUB_MODEL") or HUB_MODELS["fast"]
SETTINGS = dict(num_inference_steps=4, guidance_scale=0.0)   # SD-Turbo; SD 1.5: 25 steps, guidance 7.5
N = 64                   # timed images
BATCH = 8
WATTS_IF_UNMEASURED = 70.0

# %%
from aigc_ethics.generate import HubUnavailableError
from aigc_ethics.notebook import hub_pipeline

try:
    pipe = hub_pipeline(MODEL, device=device)
except HubUnavailableError as err:
    raise SystemExit(str(err)) from None      # stops "Run all" here, with the reason
print(f"model: {MODEL} on {device}; settings: {SETTINGS}")

# %% [markdown]
# ## 1. Time the generation, read the power
#
# One warm-up batch first (the first call loads kernels and tunes them; it is not what a service
# pays per image). Then `N` images with the course's generator, the clock stopped only when the GPU
# has finished (`torch.cuda.synchronize`), while a background thread asks `nvidia-smi` for the
# board's power draw twice a second.

# %%
import shutil
import threading
import time

import numpy as np
import torch
from aigc_ethics.generate import generate_many


def read_watts():
    """The GPU's current board power in W from nvidia-smi, or None where there is none."""
    if shutil.which("nvidia-smi") is None:
        return None
    out = subprocess.run(["nvidia-smi", "--query-gpu=power.draw", "--format=csv,noheader,nounits"],
                         capture_output=True, text=True)
    try:
        return float(out.stdout.split()[0])
    except (IndexError, ValueError):
        return None


def sync():
    if device.type == "cuda":
        torch.cuda.synchronize()


prompt = "a photo of a kitchen table with a cup of coffee"
generate_many(pipe, prompt, BATCH, seed=99, batch=BATCH, **SETTINGS); sync()      # warm-up, not timed
samples, running = [], True


def sample():
    while running:
        w = read_watts()
        if w is not None:
            samples.append(w)
        time.sleep(0.5)


sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
start = time.perf_counter()
generate_many(pipe, prompt, N, seed=0, batch=BATCH, **SETTINGS); sync()
seconds = time.perf_counter() - start
running = False
sampler.join()
watts = float(np.mean(samples)) if samples else WATTS_IF_UNMEASURED
source = f"measured: mean of {len(samples)} nvidia-smi readings" if samples else "assumed (no power reading)"
print(f"{N} images in {seconds:.1f} s = {seconds / N:.3f} s per image; GPU power {watts:.0f} W ({source})")

# %% [markdown]
# ## 2. kWh per 1,000 images, next to the miniature and the published figures
#
# `energy_kwh` turns seconds and watts into kWh; `inference_table` gives lesson 51's rows: the tiny
# model (its model card's timing at the 30 W lesson 51 assumes for a laptop) and the published
# figures for image generation (Luccioni, Jernite and Strubell 2024, Table 2 and §4.1).

# %%
import pandas as pd
from aigc_ethics.society import energy_kwh, inference_table, sampling_seconds

ours = pd.DataFrame([{"run": f"{MODEL}, 1,000 images, {SETTINGS['num_inference_steps']} steps",
                      "kwh": energy_kwh(1000 * seconds / N, watts=watts),
                      "source": f"this run: {seconds / N:.3f} s per image x {watts:.0f} W ({source})"}])
table = pd.concat([ours, inference_table(sampling_seconds() / 16, watts=30.0)], ignore_index=True)
table

# %% [markdown]
# ## Compare with the miniature
#
# **The miniature's number:** lesson 51 scales the tiny model's recorded sampling time to 1,000
# images at an assumed 30 W (the second row above) and sets it next to the published median of
# 1.35 kWh per 1,000 images. Place your row on that scale: by how many orders of magnitude does
# it differ from the miniature's row, and from the published median, and why?
#
# **What would make the comparison unfair**
# - *The boundary.* `nvidia-smi` reads the GPU board only. Luccioni et al. measured with the
#   CodeCarbon package, which also estimates CPU and memory energy; neither includes the data
#   centre's cooling (its PUE). Lesson 51's laptop figure is an assumption, not a reading.
# - *Steps and size.* SD-Turbo makes a 512 × 512 image in 4 steps; the miniature makes 32 × 32
#   images in its own number of steps; look up in the paper which models, steps and resolutions
#   the published figures cover. Energy per image grows with both steps and pixels.
# - *Batching and warm-up.* A larger `BATCH` amortises fixed costs; the warm-up batch is left out
#   here, as a long-running service would. Report both settings with the number.
# - *The sampler.* Half-second readings of a board whose draw changes within a step average the
#   power roughly; a run of a few seconds gives only a handful of readings (see `source`).
