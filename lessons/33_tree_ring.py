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
# - what the key costs the pictures, and why the course's key skips the lowest frequencies;
# - why it works on a noise-predicting model and fails on one that predicts clean images, and
#   what that teaches about inversion.
#
# **Run time:** about a minute on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

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
# Our key: in the shifted 2-D Fourier transform of each colour channel of the 32 × 32 starting
# noise, the rings at distances 3 to 7 from the centre each get one constant value. The paper fills
# the whole disc, centre included; section 3 shows why a 32 × 32 pixel model cannot afford that.
#
# **Which model.** Tree-Ring needs a sampler that can be run backwards. Stable Diffusion's UNet
# predicts the *noise* in its input (epsilon-prediction); the course's default model predicts the
# *clean image* (x0-prediction), which gives clean samples after little training. For this
# lesson the course ships a second checkpoint, `treering`: the same UNet, data and caption
# vocabulary, number of steps and learning rate, trained from scratch to predict the noise (its
# model card records the command and time). Section 3 runs the same test on the default model and shows why the choice
# matters.

# %%
import numpy as np
import matplotlib.pyplot as plt
from aigc_ethics import treering as T
from aigc_ethics.generate import load_pipeline
from aigc_ethics.metrics import auc, tpr_at_fpr

pipe = load_pipeline("treering", device=device)          # noise prediction, see above
print("the UNet predicts:", pipe.scheduler.config.prediction_type)
key = T.make_key((3, 32, 32), radius=8, inner_radius=3, channels=(0, 1, 2), seed=0)   # the course's defaults
noise = pipe.prepare_latents(24, generator=1)
planted = T.plant(noise, key)
print("std of the noise before / after planting:", round(float(noise.std()), 2), "/", round(float(planted.std()), 2))

# %%
# alt: Four panels: the log-magnitude Fourier spectrum of ordinary noise (speckled everywhere), of the planted noise (a band of concentric rings around a speckled centre), the ordinary noise itself and the planted noise, which look alike.
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
from aigc_ethics.datasets import artist_prompt, profession_prompt
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
# between that guess's Fourier coefficients and the key on its rings (Wen et al.'s L1 distance).
# If inversion were perfect, the watermarked images would be at distance 0.

# %%
inv_marked, inv_twins = T.invert(pipe, marked), T.invert(pipe, twins)
d_marked, d_twins = T.distance(inv_marked, key), T.distance(inv_twins, key)
scores = np.r_[-d_marked, -d_twins]; labels = np.r_[np.ones(24), np.zeros(24)]
print(f"distance of the planted noise itself: {T.distance(planted, key).max():.3f}")
print(f"after generation + inversion: watermarked median {np.median(d_marked):.1f}, twins median {np.median(d_twins):.1f}")
print(f"AUC {auc(scores, labels):.2f}, TPR at 1% FPR {tpr_at_fpr(scores, labels, fpr=0.01):.2f}")
print(f"no inversion (the image's own spectrum): AUC {auc(np.r_[T.image_scores(marked, key), T.image_scores(twins, key)], labels):.2f}")

# %% tags=["remove-cell"]
# "What we found": planted noise at distance 0; after inversion the watermarked images and their
# twins separate; the image's own spectrum is better than chance.
assert T.distance(planted, key).max() < 1e-3
assert auc(scores, labels) >= 0.9, auc(scores, labels)
assert auc(np.r_[T.image_scores(marked, key), T.image_scores(twins, key)], labels) > 0.6

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

# %% tags=["remove-cell"]
# "What we found": fresh noise gives p < 0.01 a little less than 1 % of the time; the test flags
# the watermarked images while the twins mostly stay above 0.01.
assert np.mean(p_noise < 0.01) < 0.01, np.mean(p_noise < 0.01)
assert np.mean(p_marked < 0.01) >= 0.9 and np.mean(p_twins < 0.01) < 0.5, (p_marked, p_twins)

# %% [markdown]
# ## 3. What the key costs: why skip the centre?
#
# Tree-Ring's promise is a watermark that does not degrade the pictures. Here is the paper's full
# disc (radius 8, centre included) next to the course's rings, on the same prompts and seeds. We
# measure three costs against the twins: **diversity** (mean pixel distance between all pairs of
# images; a key that forces every picture into one look lowers it), the **colour shift** (how far
# each image's mean colour moved from its twin's, in grey levels of 255), and **faithfulness**: the
# share of images in which the course's attribute classifier reads the profession or style the
# prompt asked for.

# %%
from aigc_ethics.metrics import diversity
disc_key = T.make_key((3, 32, 32), radius=8, inner_radius=0, seed=0)      # as in the paper
marked_disc = T.generate(pipe, prompts, disc_key, seed=1)
from aigc_ethics.attributes import load_classifier
classifier = load_classifier()
asked = [("profession", p) for p in PROFESSIONS] + [("style", ARTISTS[a]) for a in ARTISTS]
asked = [asked[i % len(asked)] for i in range(24)]                 # what each of the 24 prompts asked for
arr = lambda ims: np.stack([np.asarray(im) for im in ims])
colour_shift = lambda ims: float(np.abs(arr(ims).mean((1, 2)) - arr(twins).mean((1, 2))).mean())
def faithful(ims):
    read = classifier.predict(arr(ims))
    return float(np.mean([read[kind].iloc[i] == target for i, (kind, target) in enumerate(asked)]))
for name, ims in [("twins (no key)", twins), ("course key (rings 3-7)", marked), ("paper's disc (rings 0-7)", marked_disc)]:
    print(f"{name:26s} diversity {diversity(arr(ims)):.3f}   colour shift from twin {colour_shift(ims):5.1f}"
          f"   faithful {faithful(ims):.2f}")
d_disc = np.r_[-T.distance(T.invert(pipe, marked_disc), disc_key), -T.distance(T.invert(pipe, twins), disc_key)]
print(f"the disc key is detected too: AUC {auc(d_disc, labels):.2f}")
# the same 24 prompts and seeds on the default, clean-image-predicting model, for comparison
tiny_twins = T.generate(load_pipeline("tiny", device=device), prompts, None, seed=1)
print(f"the default model 'tiny' on the same prompts and seeds: faithful {faithful(tiny_twins):.2f}")

# %% tags=["remove-cell"]
# "What we found": the disc is detected as well but lowers diversity by about a third; the rings
# keep the pictures as varied as their twins, with a smaller colour shift; faithfulness is low for
# the twins and does not separate the three rows (within two images of 24).
div = {n: diversity(arr(ims)) for n, ims in [("twins", twins), ("rings", marked), ("disc", marked_disc)]}
assert auc(d_disc, labels) >= 0.9
assert 0.55 <= div["disc"] / div["twins"] <= 0.8, div
assert abs(div["rings"] - div["twins"]) < 0.05 * div["twins"], div
assert colour_shift(marked) < colour_shift(marked_disc) / 3
faith = [faithful(ims) for ims in (twins, marked, marked_disc)]
assert faith[0] < 0.5 and max(faith) - min(faith) <= 2 / 24 + 1e-9, faith
# "the price of invertibility": the treering model follows prompts far less well than tiny
assert faithful(tiny_twins) >= faith[0] + 0.4, (faithful(tiny_twins), faith)

# %%
# alt: Three rows of eight 32 by 32 generations for the same prompts and seeds: twins without a key (varied colours), images with the course's ring key (colours close to their twins, some details changed), and images with the paper's full-disc key (all in one brownish colour scheme, and several portraits replaced by striped patterns).
fig, axes = plt.subplots(3, 8, figsize=(10, 4))
for r, (ims, title) in enumerate([(twins, "twin"), (marked, "course key"), (marked_disc, "paper's disc")]):
    for k in range(8):
        axes[r, k].imshow(ims[k]); axes[r, k].set_axis_off()
    axes[r, 0].set_title(title, fontsize=9, loc="left")
plt.tight_layout(); plt.show()

# %% [markdown]
# The centre of a channel's Fourier transform is its mean, and the rings next to it are the
# slowest variations across the picture. In Stable Diffusion's 64 × 64 latent those are a small
# part of a large picture; in our 32 × 32 *pixel* noise they decide each picture's background
# colour and layout. A key there gives every watermarked picture the same colours, and here even
# pulls some portraits towards patterns: invisible in any one image, obvious across a few of them,
# and a clue for anyone trying to spot the mark. Faithfulness does not separate the three rows:
# it is low even for the twins (the noise-predicting model follows prompts less well than the
# default model after the same training; see its model card), and 24 images are too few to
# measure a small difference.
#
# ## 4. The same test on the course's default model
#
# Now repeat sections 1 and 2 with the default checkpoint `tiny`, which predicts the clean image:
# same key, prompts and seeds.

# %%
tiny = load_pipeline("tiny", device=device)
marked_x0, twins_x0 = T.generate(tiny, prompts, key, seed=1), T.generate(tiny, prompts, None, seed=1)
inv_m0, inv_t0 = T.invert(tiny, marked_x0), T.invert(tiny, twins_x0)
s0 = np.r_[-T.distance(inv_m0, key), -T.distance(inv_t0, key)]
print(f"default model (x0-prediction): AUC {auc(s0, labels):.2f}, TPR at 1% FPR {tpr_at_fpr(s0, labels, fpr=0.01):.2f}")
print(f"share of twins with p < 0.01: {np.mean(T.p_value(inv_t0, key) < 0.01):.2f}")

# %% tags=["remove-cell"]
# "What we found": with the default, clean-image-predicting model the key is almost gone.
assert auc(s0, labels) < 0.7, auc(s0, labels)

# %%
# alt: Two histograms of the L1 distance to the key after inversion. Left, the noise-predicting model: watermarked images cluster at small distances, well separated from their twins. Right, the default clean-image model: the two groups overlap almost completely.
fig, axes = plt.subplots(1, 2, figsize=(9, 2.8))
for ax, (dm, dt), title in zip(axes, [(d_marked, d_twins), (-s0[:24], -s0[24:])],
                               ["noise prediction (treering)", "clean-image prediction (tiny)"]):
    bins = np.linspace(0, max(dm.max(), dt.max()) * 1.05, 25)
    ax.hist(dt, bins=bins, color="#0072B2", alpha=0.7, label="twins (no key)")
    ax.hist(dm, bins=bins, color="#E69F00", alpha=0.7, label="with key")
    ax.set_title(title, fontsize=9); ax.set_xlabel("L1 distance to the key after inversion")
axes[0].legend(fontsize=8); plt.tight_layout(); plt.show()

# %% [markdown]
# ### Who is affected, with your number
#
# A watermark is a promise to readers (indirect stakeholders) and to people whose real photos could
# be wrongly called generated ([thinking tools](../book/thinking_tools.md)).

# %%
print(f"With the noise-predicting model, {100 * np.mean(p_marked < 0.01):.0f} of every 100 watermarked "
      f"images are flagged at p < 0.01 and {100 * np.mean(p_twins < 0.01):.0f} of every 100 unmarked twins "
      f"are wrongly flagged; with the default model the same key gives AUC {auc(s0, labels):.2f}, a coin toss, "
      f"so readers would be told nothing by it.")

# %% [markdown]
# ## What we found, and why
#
# - On *noise*, the test is exact: planted noise sits at distance 0, and fresh noise gives
#   p < 0.01 no more than about 1 % of the time, as a valid test should (a little less here).
# - With the noise-predicting model, generation followed by DDIM inversion brings the key back:
#   the watermarked images and their twins separate (the AUC and TPR printed in section 2), and the
#   p-value test flags the watermarked images while the twins mostly stay above 0.01. Read the
#   twins' share with p < 0.01 critically: it is the test's real false-positive rate on *images*,
#   which is only 1 % if inversion returns Gaussian-looking noise.
# - The key's place matters (section 3): the paper's full disc, copied onto 32 × 32 pixel noise,
#   is detected as well but pushes every watermarked picture towards one colour scheme, so the
#   diversity across images drops by about a third; the course's rings, which leave the lowest
#   frequencies alone, keep the pictures as varied as their twins, with a small colour shift.
# - The detector without inversion (the image's own spectrum) also finds the key better than
#   chance: in a pixel-space model the key's rings partly survive into the picture. Lesson 34
#   shows that this shortcut is weak once a threshold for 1 % false positives is set.
# - The price of invertibility: the noise-predicting `treering` model follows prompts less well
#   than the default model trained on the same data for the same number of steps (its twins'
#   faithfulness above, against the default model's on the same prompts and seeds; its model card
#   records 0.36 on average over 32 images per prompt, with the command that measures it, against
#   1.00 for `tiny`). In our runs, predicting the noise made
#   this small model learn prompts more slowly; we did not test why, nor whether more training
#   would close the gap.
# - With the default, clean-image-predicting model the same key is almost gone (section 4). That
#   model denoises away whatever noise is left at DDIM's last step, so the finished image keeps the
#   key only through its effect on the picture's content; inverting means asking it how noisy a clean
#   image is, a question an x0-predictor answers very imprecisely at low noise (its error is divided
#   by the tiny noise level). The course's toolchain notes record the same contrast in an earlier
#   trial. Tree-Ring is a property of a *model and sampler pair*, not of the pictures: a provider who
#   wants it must choose an invertible sampler, and a detector must run that provider's model.
# - The same functions work with a Stable Diffusion pipeline on Colab (`load_pipeline(HUB_MODELS["standard"])`):
#   `key = T.make_key(T.latent_shape(pipe), radius=10, inner_radius=0, channels=(3,))` (the paper's disc
#   in one channel of the VAE's `(4, 64, 64)` latents), then `T.generate`, `T.invert` (VAE encoder +
#   diffusers' `DDIMInverseScheduler`, empty prompt, no guidance) and `T.scores` as above. Offline, the
#   course tests this only on a tiny *random* Stable-Diffusion-format model (`tests/test_hub_path.py`),
#   where the key is found only once the random VAE is replaced by an invertible one: how well it
#   survives a real VAE is not measured here.
#
# The attack bench ([lesson 34](34_attack_bench.ipynb)) measures Tree-Ring (on the `treering` model)
# under every attack, beside the post-hoc methods.
#
# ## Try it
#
# Change `radius` (4-12) and `inner_radius` (0-3), or plant the key in one channel only
# (`channels=(0,)`), and rerun: does the detector improve? What does each key cost the pictures
# (diversity and colour shift, section 3)?
# Then lower the number of inversion steps (`T.invert(pipe, marked, num_inference_steps=5)`): how
# few does detection survive?
