# %% [markdown]
# # Images are arrays
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/00_images_are_arrays.ipynb)
#
# **The question:** what does a computer "see" in a photo, and where do the traces that
# forensic tools look for live?
#
# **You will learn**
# - that an image is an array of numbers: height × width × 3 colour channels;
# - to read a histogram, the distribution of those numbers;
# - to view an image as a sum of frequencies (its Fourier spectrum), the view used to spot
#   generated images later in the course.
#
# **Run time:** under 30 seconds on a laptop CPU. No download: the photo is a public-domain
# sample that ships with scikit-image.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## 1. A photo is a block of numbers
#
# We load the NASA portrait of astronaut Eileen Collins (public domain), which scikit-image
# ships, and look at it the way a program does.

# %%
import numpy as np
import matplotlib.pyplot as plt
from aigc_ethics import imaging

photo = imaging.load_sample("astronaut")
pixels = np.asarray(photo)
print("shape:", pixels.shape, "| type:", pixels.dtype, "| smallest:", pixels.min(), "| largest:", pixels.max())
print("the pixel at row 100, column 200 is (R, G, B) =", tuple(int(v) for v in pixels[100, 200]))

# %% tags=["remove-cell"]
# "What we found": a 512 x 512 x 3 array of integers from 0 to 255.
assert pixels.shape == (512, 512, 3) and pixels.dtype == np.uint8
assert pixels.min() >= 0 and pixels.max() <= 255

# %% [markdown]
# 512 rows × 512 columns × 3 channels, each an integer from 0 to 255: 786,432 numbers.
# Everything a generator produces, and everything a detector inspects, is such a block.
# Here are the three channels shown separately: bright means a high value.

# %%
# alt: The astronaut photo in colour, followed by its red, green and blue channels as grayscale maps; the red channel is brightest in the face and suit.
fig = imaging.plot_channels(photo)
fig.axes[0].figure.suptitle("The astronaut photo and its red, green and blue channels")
plt.show()

# %% [markdown]
# ## 2. The histogram: how the numbers are distributed
#
# A histogram counts how many pixels have each intensity. Over- or under-exposure, strong
# compression and some generators leave visible marks here (gaps, spikes, clipped ends).

# %%
# alt: Histograms of the red, green and blue intensities of the astronaut photo, each spread over the full range with peaks near dark values.
imaging.plot_histogram(photo)
plt.show()
means = pixels.reshape(-1, 3).mean(axis=0)
print("mean intensity per channel (R, G, B):", np.round(means, 1))

# %% [markdown]
# ## 3. The Fourier spectrum: an image as a sum of waves
#
# Any grayscale image $f(x, y)$ of size $M \times N$ can be written as a sum of 2-D waves.
# The discrete Fourier transform gives the strength of each wave with frequency $(u, v)$:
#
# $$F(u, v) = \sum_{x=0}^{M-1} \sum_{y=0}^{N-1} f(x, y)\, e^{-2\pi i \left(\frac{ux}{M} + \frac{vy}{N}\right)}$$
#
# We plot $\log(1 + |F(u, v)|)$ with the zero frequency in the centre: the centre holds the
# coarse structure, the edges the fine detail. Regular processing (upsampling, JPEG's 8×8
# blocks) shows up as bright dots or lines, which is why detectors look here.

# %%
# alt: Left, the grayscale astronaut photo; right, its log-magnitude Fourier spectrum, bright at the centre and fading towards the edges.
gray = imaging.to_gray(photo)
spectrum = imaging.log_spectrum(gray)
fig, axes = plt.subplots(1, 2, figsize=(8, 4))
axes[0].imshow(gray, cmap="gray"); axes[0].set_title("grayscale"); axes[0].axis("off")
imaging.plot_spectrum(photo, ax=axes[1])
plt.show()

# %% [markdown]
# How much of the image's energy sits in the lowest frequencies? We compute the share of
# $|F|^2$ within 10 % of the maximum frequency.

# %%
power = np.abs(np.fft.fftshift(np.fft.fft2(gray))) ** 2
h, w = power.shape
yy, xx = np.mgrid[:h, :w]
radius = np.hypot((yy - h // 2) / (h / 2), (xx - w // 2) / (w / 2))
low_share = power[radius <= 0.1].sum() / power.sum()
print(f"share of energy in the lowest 10% of frequencies: {low_share:.3f}")

# %% tags=["remove-cell"]
# "What we found": most of the energy sits in the lowest frequencies.
assert low_share > 0.5, low_share

# %% [markdown]
# ## 4. Try it: remove the fine detail
#
# Move the slider to keep only the frequencies within a fraction of the maximum. Around 0.1 the
# astronaut is still recognisable: most of what we recognise lives in low frequencies, while
# the high frequencies hold edges, texture and noise (and, often, the traces of processing).

# %%
# NBVAL_IGNORE_OUTPUT
import ipywidgets as widgets
from aigc_ethics.widgets import interact_image

def show_lowpass(keep=0.1):
    filtered = imaging.lowpass(gray, keep=keep)
    fig, axes = plt.subplots(1, 2, figsize=(8, 4))
    axes[0].imshow(filtered, cmap="gray", vmin=0, vmax=1); axes[0].set_title(f"frequencies kept: {keep:.2f}")
    axes[1].imshow(imaging.log_spectrum(filtered), cmap="magma"); axes[1].set_title("its spectrum")
    for a in axes:
        a.axis("off")
    return fig

def describe(keep=0.1):
    return (f"Left, the grayscale astronaut photo keeping only the lowest {keep:.0%} of frequencies; "
            f"right, its spectrum, dark outside the kept centre.")

interact_image(show_lowpass, alt=describe,
               keep=widgets.FloatSlider(value=0.1, min=0.02, max=1.0, step=0.02, description="keep"))

# %% [markdown]
# ## 5. Synthetic images have spectra too
#
# The course's training images are drawn by code: flat colours and sharp, axis-aligned edges.
# Averaged over 64 portraits, their spectrum shows that "handwriting": bright horizontal and
# vertical lines through the centre. In the misinformation chapter you will use differences
# like this to tell generated images from real ones, and see how easily they are erased.

# %%
from aigc_ethics.datasets import make_dataset
# alt: Left, one 32 by 32 synthetic portrait; right, the mean Fourier spectrum of 64 portraits with bright horizontal and vertical lines through the centre.
portraits = make_dataset(seed=0, scale=0.02)
sample = portraits.images[portraits.attributes["family"].values == "portrait"][:64]
mean_spectrum = np.mean([imaging.log_spectrum(imaging.to_gray(im)) for im in sample], axis=0)
fig, axes = plt.subplots(1, 2, figsize=(8, 4))
axes[0].imshow(sample[0]); axes[0].set_title("one synthetic portrait (32×32)"); axes[0].axis("off")
axes[1].imshow(mean_spectrum, cmap="magma"); axes[1].set_title("mean spectrum of 64 portraits"); axes[1].axis("off")
plt.show()

# %% tags=["remove-cell"]
# "What we found": drawn images leave regular traces, bright lines through the spectrum's centre.
c = mean_spectrum.shape[0] // 2
off_axis = np.ones(mean_spectrum.shape, dtype=bool); off_axis[c, :] = False; off_axis[:, c] = False
assert np.r_[mean_spectrum[c, :], mean_spectrum[:, c]].mean() > 1.5 * mean_spectrum[off_axis].mean()

# %% [markdown]
# ### Who is affected, with your number
#
# The people in a photo are its indirect stakeholders ([thinking tools](../book/thinking_tools.md)): blurring a
# face, which keeps only the low frequencies, is often offered as a way to protect them.

# %%
print(f"Blurring that keeps only the lowest 10 % of frequencies keeps {low_share:.1%} of this photo's "
      f"energy: the person in it stays recognisable (section 4), so a blur alone does not "
      f"anonymise the people in a shared photo, and that is an interpersonal harm waiting to happen.")

# %% [markdown]
# ## What we found
#
# - A photo is a $512 \times 512 \times 3$ array of integers from 0 to 255; the numbers printed
#   above are yours to reproduce exactly (the photo and the code are fixed).
# - Most of an image's energy sits in its lowest frequencies (the share printed above), which
#   is why a heavily low-passed image stays recognisable.
# - Images drawn by code leave regular traces in the spectrum. Detectors of generated images
#   exploit such traces, and the misinformation chapter shows when that works and when it fails.
#
# **Next:** the [exercises for this lesson](../exercises/00_images_are_arrays.ipynb), then
# [how a text-to-image model works](01_how_text_to_image_works.ipynb).
