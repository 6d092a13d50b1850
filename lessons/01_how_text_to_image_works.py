# %% [markdown]
# # How a text-to-image model works
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/01_how_text_to_image_works.ipynb)
#
# **The question:** how does a sentence become a picture, and where does the picture's content
# come from?
#
# **You will learn**
# - the three parts of a text-to-image diffusion model (text encoder, denoising UNet, sampler)
#   and how they work together, step by step;
# - what the seed, the number of steps and the guidance scale do;
# - that everything the model "knows" comes from its training data, which you can inspect here.
#
# **Run time:** about a minute on a laptop CPU (faster with a GPU). Everything runs offline: the
# model ships with the course library.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)   # uses a GPU when one is visible (e.g. on Colab)

# %% [markdown]
# ## 1. The model and its three parts
#
# The course's model is small (it fits in 11 MB) but built like Stable Diffusion, from the same
# `diffusers` library:
#
# 1. a **tokenizer and text encoder** turn the prompt into a vector;
# 2. a **UNet** looks at a noisy image and the prompt vector and predicts the clean image;
# 3. a **scheduler** (DDIM) starts from pure noise and, in a few dozen steps, uses the UNet's
#    predictions to remove the noise bit by bit.

# %%
from aigc_ethics.generate import load_pipeline

pipe = load_pipeline("tiny", device=device)
# On Colab with a GPU and internet, the same analyses can run on a large hub model instead:
# from aigc_ethics.generate import HUB_MODELS   # "fast": SD-Turbo, "standard": Stable Diffusion 1.5
# pipe = load_pipeline(HUB_MODELS["fast"], device=device)
n_unet = sum(p.numel() for p in pipe.unet.parameters())
n_text = sum(p.numel() for p in pipe.text_encoder.parameters())
print(f"UNet: {n_unet:,} parameters | text encoder: {n_text:,} parameters")
print(f"vocabulary ({len(pipe.tokenizer.vocab)} words):", " ".join(pipe.tokenizer.vocab))

# %% tags=["remove-cell"]
# "What we found": the model knows 31 words.
assert len(pipe.tokenizer.vocab) == 31

# %% [markdown]
# ## 2. Generate
#
# The call looks exactly like Stable Diffusion's in `diffusers`. The `generator` argument is
# the seed of the starting noise; `guidance_scale=1.0` (this model's default) means no
# classifier-free guidance, for reasons section 6 measures.

# %%
# alt: A grid of 16 generated 32 by 32 portraits of farmers, each with a wide straw hat, with varied backgrounds, clothes and skin tones.
from aigc_ethics.images import image_grid

result = pipe("a portrait of a farmer", num_images_per_prompt=16, num_inference_steps=25,
              guidance_scale=1.0, generator=0)
image_grid(result.images, ncols=8, scale=3)

# %% [markdown]
# How long does that take on your machine? (The course's budget: 16 images in at most 5 s on
# a 2-core laptop CPU.)

# %%
# NBVAL_IGNORE_OUTPUT
import time
start = time.perf_counter()
pipe("a portrait of a farmer", num_images_per_prompt=16, generator=1)
print(f"16 images in {time.perf_counter() - start:.1f} s on {device}")

# %% [markdown]
# ## 3. Try it
#
# Type a prompt, change the seed, the number of steps or the guidance, and press *Generate*.
# Try the professions (engineer, doctor, chef, police officer, farmer, scientist), the artists
# (brenn, veltri, haskel, moravi, quist, zarek), "with light skin" / "with dark skin", and a word
# the model has never seen. (In the book the controls are shown but need a running notebook.)

# %%
# NBVAL_IGNORE_OUTPUT
from aigc_ethics.widgets import generation_ui
generation_ui(pipe)

# %% [markdown]
# ## 4. Watching the noise go away
#
# At each step the UNet guesses what the clean image looks like; the scheduler then moves the
# noisy image a little towards that guess. Here is the guess after steps 1, 4, 7, ... 25, for
# four prompts. The coarse layout (background, body) is decided early; details (the hat, the
# stethoscope, the pattern) late.

# %%
# alt: Four rows of images, one per prompt (engineer, doctor, quist painting, zarek painting), showing the model's guess of the clean image after denoising steps 1 to 25: blurry colour blobs at first, sharp images at the end.
import numpy as np
import matplotlib.pyplot as plt

prompts = ["a portrait of an engineer", "a portrait of a doctor",
           "a painting in the style of quist", "a painting in the style of zarek"]
traj = pipe(prompts, generator=3, return_trajectory=True).trajectory   # (steps, prompts, 32, 32, 3)
shown = list(range(0, 25, 3))
fig, axes = plt.subplots(len(prompts), len(shown), figsize=(len(shown) * 1.1, len(prompts) * 1.2))
for r in range(len(prompts)):
    for c, s in enumerate(shown):
        axes[r, c].imshow(traj[s, r]); axes[r, c].axis("off")
        if r == 0:
            axes[r, c].set_title(f"step {s + 1}", fontsize=8)
fig.suptitle("The model's guess of the clean image, step by step")
plt.show()

# %% [markdown]
# ## 5. Same seed, same image
#
# The only randomness is the starting noise. With the same seed (and the same settings), you get
# the same image, which is what makes every number in this course reproducible.

# %%
a = pipe("a portrait of a chef", generator=42, output_type="np").images
b = pipe("a portrait of a chef", generator=42, output_type="np").images
c = pipe("a portrait of a chef", generator=43, output_type="np").images
print("same seed, largest pixel difference:", float(np.abs(a - b).max()))
print("another seed, mean pixel difference:", round(float(np.abs(a - c).mean()), 2))

# %% tags=["remove-cell"]
# "What we found": the same seed gives the same image (and another seed another one).
assert float(np.abs(a - b).max()) == 0.0 and float(np.abs(a - c).mean()) > 0.01

# %% [markdown]
# ## 6. Guidance: following the prompt versus variety
#
# Classifier-free guidance runs the UNet twice per step, with the prompt and with an empty
# prompt, and pushes the result away from the empty-prompt prediction:
# $\hat{x} = \hat{x}_\varnothing + s\,(\hat{x}_{\text{prompt}} - \hat{x}_\varnothing)$.
# With $s = 1$ there is no push; with $s = 0$ the prompt is ignored. We measure, for each scale,
# how often the course's attribute classifier recognises the prompted profession
# (*faithfulness*) and how different the 16 images are from each other (*diversity*: mean pixel
# distance between pairs).
#
# Large latent models are usually run with strong guidance (`diffusers`' Stable Diffusion
# pipeline defaults to 7.5). Watch what strong guidance does to this small model, which predicts
# clean pixels directly: the push overshoots, colours saturate, and the profession cue can get
# lost. That is why its default is 1.0: the model card has the full sweep over all 12 prompts.

# %%
# alt: Five rows of eight generated doctor portraits, one row per guidance scale from 0 to 7; at low guidance the images are vague, at high guidance they are sharp but more alike.
from aigc_ethics.attributes import load_classifier
from aigc_ethics.metrics import guidance_sweep

classifier = load_classifier()
table, grids = guidance_sweep(pipe, classifier, "a portrait of a doctor", target=("profession", "doctor"),
                              scales=(0.0, 1.0, 3.0, 5.0, 7.0), n=16, seed=0)
fig, axes = plt.subplots(len(grids), 1, figsize=(8, 1.2 * len(grids)))
for ax, (scale, grid) in zip(axes, grids.items()):
    ax.imshow(grid); ax.set_axis_off(); ax.set_title(f"guidance {scale}", fontsize=9, loc="left")
plt.show()
table

# %% tags=["remove-cell"]
# "What we found": scale 0 ignores the prompt, scale 1 follows it, every stronger scale loses the
# profession. Checked under four draws of the noise (tools/seed_pass.py; AIGC_SEED_SHIFT 0-3: scales
# 3/5/7 gave 0.00-0.19 each, in no fixed order), so no order among 3, 5 and 7 is claimed.
faith = table["faithfulness"]
assert faith[0.0] < 0.5 <= faith[1.0], faith
assert max(faith[3.0], faith[5.0], faith[7.0]) <= 0.25 < faith[1.0], faith

# %% [markdown]
# ## 7. Words it has never seen
#
# A large model has seen billions of captions; ours has seen 31 distinct words. Ask for something
# else and it says so, instead of silently drawing *something*.

# %%
from aigc_ethics.generate import UnknownWordError
try:
    pipe("a portrait of an astronaut")
except UnknownWordError as err:
    print("UnknownWordError:", err)

# %% [markdown]
# ## 8. Everything it knows came from data
#
# Put generations next to the training data for the same caption, and next to the *closest*
# training image of each generation. The model recombines what it saw: cap, badge, skin tones,
# clothes and backgrounds all come from the data. Is it copying? Compare two numbers printed
# below: how far each generation is from its closest training image, and how far a training
# portrait typically is from its closest *other* training portrait. Our data are so regular
# that near neighbours are close anyway, so closeness alone does not prove copying; the privacy
# chapter turns this into a proper test with a threshold.

# %%
# alt: Three rows of eight 32 by 32 images: training portraits of police officers, generated police officers, and for each generated image its closest training image.
from aigc_ethics.datasets import make_dataset
from aigc_ethics.similarity import nearest_neighbours

data = make_dataset(seed=0)   # the exact training set of the shipped model
police = data.subset(data.attributes.profession == "police officer")
generated = (pipe("a portrait of a police officer", num_images_per_prompt=8, generator=5,
                  output_type="np").images * 255).round().astype(np.uint8)
idx, dist = nearest_neighbours(generated, data.images)
fig, axes = plt.subplots(3, 1, figsize=(8, 4))
for ax, imgs, title in zip(axes, (police.images[:8], generated, data.images[idx]),
                           ("training images captioned with 'police officer'", "generated",
                            "closest training image to each generated one")):
    ax.imshow(image_grid(imgs, ncols=8, scale=1)); ax.set_axis_off(); ax.set_title(title, fontsize=9, loc="left")
plt.show()
print("distance to the closest training image (RMSE, 0 = identical):", np.round(dist, 2))
print("median distance from a training portrait to its closest other training portrait:",
      round(float(np.median(nearest_neighbours(police.images[:64], police.images[64:])[1])), 2))

# %% [markdown]
# ### Who is affected, with your number
#
# The direct stakeholders of a generator's settings are the people who use it; the indirect
# ones are those it draws ([thinking tools](../book/thinking_tools.md)). Guidance is one setting.

# %%
hits_1, hits_7 = round(1000 * faith[1.0]), round(1000 * faith[7.0])
print(f"Of every 1,000 people who ask this model for a doctor, {hits_1} get one at guidance 1.0 "
      f"and {hits_7} at guidance 7.0 (near the 7.5 of Stable Diffusion's pipeline): a setting copied from another "
      f"model silently fails its users, a quality-of-service harm nobody chose.")

# %% [markdown]
# ## What we found
#
# - The model is a text encoder, a UNet and a scheduler; generation is a loop of a few dozen
#   denoising steps from seeded noise, so the same seed gives the same image.
# - Guidance changes what the model draws: without the prompt (scale 0) the images ignore it,
#   at scale 1 they follow it, and for this small model every stronger scale (3, 5 or 7)
#   overshoots and loses the profession: at most about one doctor in four (the table gives your
#   numbers). Which of 3, 5 and 7 does worst changes with the seed (16 images each), so read no
#   order into them. Sampling settings are choices with consequences, which returns in the bias
#   chapter.
# - The model knows 31 words and the pictures behind them, nothing else. Large models are the
#   same in kind: what they can draw, and whom, is what their training data contains.
#
# **Next:** [the exercise](../exercises/01_how_text_to_image_works.ipynb) (write the sampling loop
# yourself), the [datasheet](../book/datasheet.md) and the [model card](../book/model_card.md).
