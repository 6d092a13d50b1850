# %% [markdown]
# # Exercises: Survey and costs — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/51_survey_and_costs.ipynb)
#
# **You will practise**
# - turning a measured time and an assumed power into energy in kWh, with the units right;
# - computing the energy of 1,000 images of the course's tiny model from its model card;
# - judging who pays for the energy of image generation and what a fair comparison needs.
#
# **Run time:** under 30 seconds. Work through the lesson
# [Survey and costs](../notebooks/51_survey_and_costs.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

from aigc_ethics.check import discuss
from aigc_ethics.check.society import check_kwh_per_1000, check_survey_and_costs
from aigc_ethics.society import IMAGE_GENERATION_KWH_PER_1000, sampling_seconds

# %% [markdown]
# ## Exercise 1: from seconds and watts to kWh
#
# A computation that runs for `seconds` at an average power of `watts` uses `seconds × watts` joules
# (watt-seconds). Return the energy in **kilowatt-hours**, the unit of electricity bills and of the
# published figures in the lesson.

# %%
def my_energy_kwh(seconds, watts):
    ### BEGIN SOLUTION: W·s -> Wh (/3600) -> kWh (/1000)
    return seconds * watts / 3600 / 1000
    ### END SOLUTION

check_survey_and_costs(my_energy_kwh)

# %% [markdown]
# ## Exercise 2: 1,000 images of the tiny model
#
# The tiny model's card records the seconds it took to generate 16 images (`sampling_seconds()`).
# At the lesson's assumed 30 W, how many kWh do **1,000** images take? Use your `my_energy_kwh`.

# %%
WATTS = 30
seconds_16 = sampling_seconds()
print(f"recorded: 16 images in {seconds_16:.2f} s")
### BEGIN SOLUTION
kwh_1000 = my_energy_kwh(1000 * seconds_16 / 16, WATTS)
### END SOLUTION
check_kwh_per_1000(kwh_1000, seconds_16, WATTS)

# %% tags=["remove-cell", "solution-only"]
# As in the lesson: the tiny model needs far less per image than the published median.
assert IMAGE_GENERATION_KWH_PER_1000["median"] / kwh_1000 > 100, kwh_1000

# %% [markdown]
# ## Exercise 3 (open question)
#
# Your number is tiny next to the published median of 1.35 kWh per 1,000 images (Luccioni, Jernite
# and Strubell 2024, §4.1). Does that make image generation's energy an ethical non-issue? Who pays for
# the energy, and what would a fair comparison have to state?

# %%
### BEGIN SOLUTION
answer = """No: my number is small because the model and images are tiny and the 30 W is assumed, not
measured; production models use far more per image and make millions of images a day. People near
data centres and power plants, and everyone through emissions, pay without using the service. A fair
comparison states the hardware, measured power, the number of images and repeated runs, and the
grid's carbon intensity."""
### END SOLUTION
discuss("who-pays-for-energy", answer)
