# %% [markdown]
# # Exercises: Membership inference
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/exercises/11_membership_inference.ipynb)
#
# **You will practise** ...
#
# **Run time:** under a minute on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics @ git+https://github.com/aigc-ethics/aigc-ethics-course"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## Exercise 1
#
# ...

# %%
from aigc_ethics.check.privacy import check_membership_inference


def answer(x):
    ### BEGIN SOLUTION
    return x
    ### END SOLUTION


check_membership_inference(answer)
