# %% [markdown]
# # Can a watermark be planted in the noise a picture grows from?
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/33_tree_ring.ipynb)
#
# **The question:** a diffusion model turns random noise into a picture. If the generator picks
# that noise with a secret pattern in it, can a detector find the pattern again in the finished
# image, without any mark added to the pixels?
#
# **You will learn**
# - how Tree-Ring (Wen et al. 2023) writes a key into the Fourier transform of the starting noise;
# - how DDIM inversion runs the sampler backwards to recover the noise, and how a p-value turns
#   the distance to the key into a decision at a stated false-positive rate;
# - why it fails on this course's tiny model, and what that teaches about inversion.
#
# **Run time:** about a minute on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics @ git+https://github.com/aigc-ethics/aigc-ethics-course"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## The idea
#
# Wen et al. (2023, "Tree-Ring Watermarks: Fingerprints for Diffusion Images that are Invisible
# and Robust", abstract) embed a pattern in the *initial noise*, structured in Fourier space
# so that it is invariant to convolutions, crops, flips and rotations, and detect it by
# inverting the diffusion process to retrieve the noise. They report negligible loss in image
# quality (FID) on Stable Diffusion and far more robustness than deployed post-hoc watermarks.
# Later work reports that detection depends entirely on how well a model can be inverted
# (e.g. the arXiv preprint 2504.03850 on rectified-flow models, abstract). We only read the
# abstracts of both papers, so we quote no numbers from them.
#
# Our key: inside a disc of radius 6 around the centre of the shifted 2-D Fourier transform of
# each colour channel of the 32 × 32 starting noise, each ring gets one constant value.

# %%
import numpy as np
import matplotlib.pyplot as plt
import torch
from aigc_ethics import treering as T
from aigc_ethics.generate import load_pipeline
from aigc_ethics.metrics import auc, tpr_at_fpr

pipe = load_pipeline("tiny", device=device)
key = T.make_key((3, 32, 32), radius=6, channels=(0, 1, 2), seed=0)
noise = pipe.prepare_latents(24, generator=1)
planted = T.plant(noise, key)
print("std of the noise before / after planting:", round(float(noise.std()), 2), "/", round(float(planted.std()), 2))

# %%
# alt: Four panels: the log-magnitude Fourier spectrum of ordinary noise (speckled everywhere), of the planted noise (a disc of concentric rings in the centre), the ordinary noise itself and the planted noise, which look alike.
f = lambda x: np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(x[0, 0].numpy()))))
fig, axes = plt.subplots(1, 4, figsize=(9, 2.5))
for ax, img, title in zip(axes, [f(noise), f(planted), noise[0, 0].numpy(), planted[0, 0].numpy()],
                          ["spectrum: noise", "spectrum: planted", "noise (red channel)", "planted noise"]):
    ax.imshow(img, cmap="viridis"); ax.set_title(title, fontsize=9); ax.set_axis_off()
plt.tight_layout(); plt.show()

# %% [markdown]
# ## 1. Generate twins
#
# Each watermarked image has an un-watermarked twin made from the same noise *before* planting,
# with the same prompt: the fairest comparison we can make.

# %%
from aigc_ethics.datasets import ARTISTS, PROFESSIONS
from aigc_ethics.modelcard import artist_prompt, profession_prompt
prompts = [profession_prompt(p) for p in PROFESSIONS] + [artist_prompt(a) for a in ARTISTS]
prompts = [prompts[i % len(prompts)] for i in range(24)]
marked = T.generate(pipe, prompts, key, seed=1)
twins = T.generate(pipe, prompts, None, seed=1)

# %%
# alt: Two rows of eight 32 by 32 generations: the top row made from planted noise, the bottom row their twins from the same noise without the key; pairs share the subject but differ in colours and layout.
fig, axes = plt.subplots(2, 8, figsize=(10, 2.8))
for k in range(8):
    axes[0, k].imshow(marked[k]); axes[1, k].imshow(twins[k])
for ax in axes.ravel(): ax.set_axis_off()
axes[0, 0].set_title("with key", fontsize=9, loc="left"); axes[1, 0].set_title("twin", fontsize=9, loc="left")
plt.tight_layout(); plt.show()

# %% [markdown]
# The key changes the picture (it is a different starting point), but not its quality: this
# watermark is not a perturbation of a finished image, so PSNR against the twin means nothing.
#
# ## 2. Detect: invert, compare, decide
#
# `T.invert` runs DDIM backwards with the empty prompt (the detector does not know the prompt)
# from each image to a guess of its starting noise; `T.distance` is the mean absolute difference
# between that guess's Fourier coefficients and the key inside the disc (Wen et al.'s L1 distance).
# If inversion were perfect, the watermarked images would be at distance 0.

# %%
inv_marked, inv_twins = T.invert(pipe, marked), T.invert(pipe, twins)
d_marked, d_twins = T.distance(inv_marked, key), T.distance(inv_twins, key)
scores = np.r_[-d_marked, -d_twins]; labels = np.r_[np.ones(24), np.zeros(24)]
print(f"distance of the planted noise itself: {T.distance(planted, key).max():.3f}")
print(f"after generation + inversion: watermarked median {np.median(d_marked):.1f}, twins median {np.median(d_twins):.1f}")
print(f"AUC {auc(scores, labels):.2f}, TPR at 1% FPR {tpr_at_fpr(scores, labels, 0.01):.2f}")
print(f"no inversion (the image's own spectrum): AUC {auc(np.r_[T.image_scores(marked, key), T.image_scores(twins, key)], labels):.2f}")

# %% [markdown]
# A p-value states the decision rule in advance: how likely is a distance this small for noise
# that never carried the key? Under that null hypothesis the inverted Fourier coefficients are
# Gaussian, so the squared distance follows a non-central chi-square law (`T.p_value`). Calling
# "watermarked" whenever p < 0.01 fixes the false-positive rate at about 1 %, *if* the null
# model is right.

# %%
p_marked, p_twins = T.p_value(inv_marked, key), T.p_value(inv_twins, key)
p_noise = T.p_value(pipe.prepare_latents(1000, generator=2), key)
print(f"share with p < 0.01 -- fresh Gaussian noise: {np.mean(p_noise < 0.01):.3f}, "
      f"inverted twins: {np.mean(p_twins < 0.01):.2f}, inverted watermarked: {np.mean(p_marked < 0.01):.2f}")

# %% [markdown]
# ## What we found, and why
#
# - On *noise*, the test is exact: planted noise sits at distance 0, and fresh noise gives
#   p < 0.01 about 1 % of the time, as a calibrated test should.
# - After generation and inversion with our tiny model, the key is **almost gone**: the AUC above is
#   barely better than a coin (0.5), far from the target of 0.95 we set for this chapter. The
#   course's toolchain notes record a trial in which the same ring key on a similar tiny model
#   reached AUC 1.000; the difference is how the model is parametrised.
# - **Why.** Our model predicts the clean image directly (x0-prediction), and DDIM's last step returns
#   that prediction: the model *denoises away* whatever noise is left, so the finished image keeps
#   the key only through its effect on the picture's content. Inverting means asking the model how
#   noisy a clean image is, a question an x0-predictor answers very imprecisely at low noise
#   (the error is divided by the tiny noise level). The inverted noise is therefore not Gaussian,
#   and the p-values of the twins are not calibrated either. Tree-Ring needs an invertible sampler;
#   with Stable Diffusion (noise prediction, latent space) inversion is much better, which is
#   what Wen et al. rely on.
# - The same functions work on Stable Diffusion latents on Colab: `T.make_key((4, 64, 64), radius=10,
#   channels=(3,))`, `pipe(prompt, latents=T.plant(latents, key))`. Inverting a hub pipeline (VAE
#   encoder + `diffusers.DDIMInverseScheduler`) is **not** implemented in this course library; pass
#   the inverted latents to `T.distance` and `T.p_value`.
#
# The attack bench ([lesson 34](34_attack_bench.ipynb)) measures Tree-Ring under every attack,
# beside the post-hoc methods.
#
# ## Try it
#
# Change `radius` (2-12) or plant the key in one channel only (`channels=(0,)`), and rerun: does
# either detector improve? What does a larger key cost the pictures?
