# %% [markdown]
# # Appendix A6 · Likeness on a real model: does a hash list catch re-uploads?
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/appendices/A6_likeness_on_a_real_model.ipynb)
#
# **This appendix needs a GPU and internet** (Colab: *Runtime → Change runtime type → GPU*). It
# re-runs the measurement of [takedown by hashing](../notebooks/63_takedown_by_hashing.ipynb) on
# images of a Stable Diffusion model from the Hugging Face Hub. The course site shows it **without
# outputs**: your run computes every number.
#
# **Conduct.** This is the one measurement of the likeness chapter that this appendix repeats on a
# real model, and it is done on generated **scenes without people**. Nothing here generates,
# edits or identifies a real person, and the course gives no recipe for personalising a model on
# someone's face: that is exactly the harm the chapter is about (see the
# [conduct page](../book/conduct.md)). The hash list stands for the list a person would ask a
# platform to block; what it catches does not depend on what the pictures show.
#
# **You will learn**
# - to measure how often edited re-uploads of listed images are still matched by their PDQ hash,
#   and how often *unrelated* images are matched by mistake, on a real model's images;
# - why look-alike generations of one model are the hard case for false matches.
#
# **Run time:** not measured by the course (it has no GPU); estimated at 1-3 minutes on a Colab T4
# with SD-Turbo (2 × 40 images), plus about a minute of hashing on the CPU.

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
# variable `AIGC_HUB_MODEL` names another Hub id or a folder holding a saved diffusers pipeline.
# The next cell stops with a message if this runtime has no GPU or no internet.

# %% tags=["parameters"]
import os
from aigc_ethics.generate import HUB_MODELS

MODEL = os.environ.get("AIGC_HUB_MODEL") or HUB_MODELS["fast"]
SETTINGS = dict(num_inference_steps=4, guidance_scale=0.0)   # SD-Turbo; SD 1.5: 25 steps, guidance 7.5
N = 40                   # listed images, as in lesson 63 (and as many look-alikes)
BATCH = 8
N_PHOTOS = 1000          # unrelated crops of public-domain photos, as in lesson 63

# %%
from aigc_ethics.generate import HubUnavailableError
from aigc_ethics.notebook import hub_pipeline

try:
    pipe = hub_pipeline(MODEL, device=device)
except HubUnavailableError as err:
    raise SystemExit(str(err)) from None      # stops "Run all" here, with the reason
print(f"model: {MODEL} on {device}; settings: {SETTINGS}")

# %% [markdown]
# ## 1. The listed images and the unrelated uploads
#
# The listed images: `N` generated scenes (four prompts in turn, seed 0). The unrelated uploads:
# the *same prompts with another seed* (look-alikes from the same model: the hard case) and random
# crops of scikit-image's public-domain photos. Everything is shown at 128 × 128, as in lesson 63.

# %%
from aigc_ethics import takedown as TD
from aigc_ethics.generate import generate_many

SCENES = ["a photo of a living room with a green sofa", "a photo of a mountain lake at sunrise",
          "a photo of a bowl of oranges on a wooden table", "a photo of a city street in the rain"]
prompts = [SCENES[i % len(SCENES)] for i in range(N)]
listed_images = TD.upscale(generate_many(pipe, prompts, N, seed=0, batch=BATCH, **SETTINGS), side=128)
lookalikes = TD.upscale(generate_many(pipe, prompts, N, seed=1, batch=BATCH, **SETTINGS), side=128)
photos = TD.photo_patches(N_PHOTOS, seed=0)
listed = TD.pdq_hashes(listed_images)
unrelated = {"same prompts, other seed": TD.pdq_hashes(lookalikes), "public-domain photos": TD.pdq_hashes(photos)}

# %% [markdown]
# ## 2. Edited re-uploads against the list
#
# Lesson 63's edits at lesson 63's strengths, and its thresholds (31 of 256 bits is the match
# threshold in Meta's ThreatExchange code, `PDQ_CONFIDENT_MATCH_THRESHOLD`; see lesson 63).

# %%
import numpy as np

strength = {"jpeg": 0.5, "resize": 0.4, "colour": 0.2, "grey": 0.0, "overlay": 0.2, "crop": 0.1, "flip": 0.0}
edited = {k: TD.pdq_hashes(TD.edit(listed_images, k, strength=s)) for k, s in strength.items()}
table = TD.match_table(listed, edited, np.concatenate(list(unrelated.values())), thresholds=[8, 16, 31, 48, 64])
table.round(3)

# %%
for k, h in unrelated.items():
    d = TD.distances(h, listed).min(1)
    print(f"{k:26s} false-match rate at 31: {(d <= 31).mean():.3f}   closest: {d.min()} bits")

# %% [markdown]
# ## Compare with the miniature
#
# **The miniature's numbers:** lesson 63's table (40 synthetic portraits at 128 × 128): JPEG,
# resizing and colour shifts were matched at 31 bits, cropping and mirroring escaped, and portraits
# of *other* synthetic people were falsely matched far more often than photo crops. Compare each
# row of your table with lesson 63's, and your look-alike false-match rate with its "other
# synthetic people" rate.
#
# **What would make the comparison unfair**
# - *What "unrelated" means.* Lesson 63's look-alikes share one drawing template; yours share a
#   prompt and a model. Both are choices; a platform's unrelated uploads are neither. State which
#   set each false-match rate comes from.
# - *Scenes, not people.* We hash scenes on purpose (see the conduct note). PDQ hashes coarse
#   luminance structure, so faces and scenes may behave differently; the course does not measure
#   that on real faces, and neither should a workshop.
# - *Size.* Both runs hash 128 × 128 images (the hub images are shrunk); hashing the full
#   512 × 512 images gives different distances.
