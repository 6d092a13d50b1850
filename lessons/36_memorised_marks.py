# %% [markdown]
# # Memorised marks?
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/36_memorised_marks.ipynb)
#
# **The question:** ...
#
# **You will learn**
# - ...
#
# **Run time:** about ... seconds on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics @ git+https://github.com/aigc-ethics/aigc-ethics-course"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## What we found
#
# ...
