# %% [markdown]
# # Exercises: Video and voice — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/64_video_and_voice.ipynb)
#
# **You will practise** the base-rate arithmetic of a deepfake detector (what share of its alarms
# are fakes), and a judgement about where such a detector belongs.
#
# **Run time:** under 10 seconds on a laptop CPU. Work through the lesson
# [Video and voice](../notebooks/64_video_and_voice.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## Exercise 1: how often is an alarm a fake?
#
# Write `flagged_share(sensitivity, specificity, prevalence)` returning the share of **flagged**
# calls that are deepfakes (a fraction between 0 and 1). `sensitivity` is the share of fakes the
# detector flags, `specificity` the share of real calls it lets through, `prevalence` the share of
# all calls that are fakes. Hint: imagine a million calls and count the two kinds of alarm.

# %%
from aigc_ethics.check.media import check_flagged_share


def flagged_share(sensitivity, specificity, prevalence):
    ### BEGIN SOLUTION
    flagged_fakes = sensitivity * prevalence
    flagged_real = (1 - specificity) * (1 - prevalence)
    return flagged_fakes / (flagged_fakes + flagged_real)
    ### END SOLUTION


check_flagged_share(flagged_share)

# %% [markdown]
# ## Exercise 2 (open question): a detector on every call?
#
# A phone company proposes to run a deepfake detector on every call it carries and to warn the
# person called when it fires. Using your function's answer at one fake in a thousand, say who
# gains, who pays for the false alarms, and what you would do instead or as well (two or three
# sentences).

# %%
from aigc_ethics.check import discuss

### BEGIN SOLUTION
answer = ("At one fake in a thousand even a 95/95 detector is wrong about 98 of 100 alarms, so most "
          "warnings land on real callers, and people learn to ignore them. I would use it only where "
          "fakes are already likely, such as calls asking for urgent transfers, and rely on call-backs "
          "on known numbers and two-person approval for money.")
### END SOLUTION
discuss("detector-on-every-call", answer)
