# %% [markdown]
# # Exercises: Images are arrays — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/00_images_are_arrays.ipynb)
#
# **You will practise**
# - reading numbers off an image array;
# - computing a Fourier spectrum yourself;
# - explaining why forensic tools look at frequencies.
#
# **Run time:** under 20 seconds. Each `check_*` cell tells you what is right, what is wrong
# and gives a hint; the open question shows a model discussion once you have answered.
# Work through the lesson [Images are arrays](../notebooks/00_images_are_arrays.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

import numpy as np
from aigc_ethics import imaging
from aigc_ethics.check import check_brightest_channel, check_log_spectrum, discuss

# %% [markdown]
# ## Exercise 1: the brightest channel
#
# Which colour channel of the astronaut photo has the highest mean intensity? Compute it from
# `pixels` and set `brightest` to `"red"`, `"green"` or `"blue"`.

# %%
pixels = np.asarray(imaging.load_sample("astronaut"))
### BEGIN SOLUTION
channel_means = pixels.reshape(-1, 3).mean(axis=0)
brightest = ("red", "green", "blue")[int(np.argmax(channel_means))]
### END SOLUTION
check_brightest_channel(brightest)

# %% [markdown]
# ## Exercise 2: your own log spectrum
#
# Write `my_log_spectrum(gray)` that returns $\log(1 + |F|)$ of a 2-D grayscale array, with
# the zero frequency moved to the centre. NumPy has everything you need in `np.fft`.

# %%
def my_log_spectrum(gray):
    """log(1 + |FFT|) of a 2-D array, zero frequency in the centre."""
    ### BEGIN SOLUTION: use np.fft.fft2, np.fft.fftshift and np.log1p
    return np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(gray))))
    ### END SOLUTION

check_log_spectrum(my_log_spectrum)

# %% [markdown]
# ## Exercise 3 (open question)
#
# A detector of generated images could look at pixels directly. Why might it look at the
# Fourier spectrum instead, and what could make that strategy fail? Write two or three
# sentences in `answer`, then run the cell to compare with a model discussion.

# %%
### BEGIN SOLUTION
answer = """The spectrum separates content from the regular traces of processing: upsampling
layers and compression leave peaks or missing energy at fixed frequencies, which average out
less than the content does over many images. But resizing, JPEG compression or a simple
filter can remove or imitate those traces, so a detector built on them can be fooled."""
### END SOLUTION
discuss("spectrum-why", answer)
