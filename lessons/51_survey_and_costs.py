# %% [markdown]
# # What do people think, and what does a model cost beyond the image?
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/51_survey_and_costs.ipynb)
#
# **The question:** how worried are people about AI-generated images, how far can a survey tell
# us, and what does training an image generator cost in energy, next to a large model?
#
# **You will learn**
# - to chart survey findings with their source, and to say what such a survey can and cannot show;
# - to estimate the energy of the course's own training runs from their measured time and a stated power draw;
# - to put that number on one log-scale chart with the published estimate for GPT-3.
#
# **Run time:** under 10 seconds on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics @ git+https://github.com/aigc-ethics/aigc-ethics-course"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## 1. What the surveyed people said
#
# The RIMS study (Prabhu, Sankeerthana and Vaishnav Babu) reports its survey in the section
# "Findings of the study" (our copy of the paper has no page numbers). We chart every
# percentage it gives, exactly as reported.

# %%
# alt: Horizontal bars: 95 percent worried about misinformation, 90 percent about privacy, 99 percent favour laws, 96 percent favour public education, 74 percent told a real image from a generated one; below, a stacked bar of confidence in policymakers: 23 percent very, 49 percent somewhat, 28 percent not confident.
import matplotlib.pyplot as plt
from aigc_ethics.society import SURVEY, CONFIDENCE, STUDY_000, plot_survey

plot_survey()
plt.suptitle("Survey findings as reported by the RIMS study", fontsize=10)
plt.tight_layout()
plt.show()
print("source:", STUDY_000, "-", SURVEY["where"].iloc[0])
print("confidence split sums to", int(CONFIDENCE.sum()), "%")

# %% [markdown]
# ### What a survey like this can and cannot show
#
# - **Who answered is unknown.** The study reports neither the number of respondents nor how
#   they were recruited; its text suggests a campus community (it also ran an awareness campaign
#   with students). 95 % of 40 students and 95 % of a national random sample are different facts.
#   Without *n* we cannot even put an error bar on the bars above.
# - **Wording drives answers.** "Should there be laws governing AI visual content?" invites
#   agreement; 99 % support for *some* law says little about support for any *particular* law.
# - **Stated worry is not behaviour**: people who worry about misinformation still share it.
# - **The 74 % "identification" number** is one sentence: "When presented a real image, 74% of
#   respondents were able to correctly identify between actual and [...] AI-generated images". It
#   may be the share who recognised a *real* image as real, not accuracy on real and generated
#   images. The images, their number and the chance level are not reported: if half the images
#   were real, guessing scores 50 %.
#   The misinformation chapter measures detection properly, with a chance baseline.
#
# A survey like this can show that a concern is *common in the group asked*; it cannot show how
# common it is in a population, nor what policy would address it.

# %% [markdown]
# ## 2. Costs beyond the image: energy
#
# Chen, Fu and Lyu ("A Pathway Towards Responsible AI Generated Content", 2023, §5 Discussion,
# "Environment impact") write that training GPT-3 on A100 GPUs would take 1,024 GPUs and 34 days
# (an estimate they attribute to Narayanan et al. 2021) with an expected **936 MWh**, a number
# they cite from a company blog post (Lai et al. 2022, Numenta). Both describe a hypothetical
# A100 run. The published figure for the training run that actually produced GPT-3 is
# **1,287 MWh**, calculated by Patterson et al. (2021, "Carbon emissions and large neural network
# training"). The chart below uses the 936 MWh estimate; the two are of the same order, so the
# comparison does not change. The course's own checkpoints record how long their training took
# (the tiny model's card and `measurements.json`, the classifier's `info.json`, the privacy
# runs' `dp_info.json`). Nobody metered the machine, so energy = time × an assumed power draw.
# We assume 30 W for the 2 shared CPU cores with memory (a laptop runs at about 15-45 W);
# change `WATTS` and see that the conclusion does not move.

# %%
from aigc_ethics.society import course_training_runs, energy_table, GPT3_TRAINING

WATTS = 30
runs = course_training_runs()
table = energy_table(runs, watts=WATTS)
print(table[["run", "seconds", "kwh"]].round({"seconds": 0, "kwh": 4}).to_string(index=False))
course = table["kwh"].iloc[:-1].sum()
print(f"all course training runs: {course:.3f} kWh; GPT-3 estimate / course = {GPT3_TRAINING['energy_kwh'] / course:.1e}")

# %%
# alt: Horizontal bars on a logarithmic energy axis: the course's training runs each use between about a thousandth and a fiftieth of a kilowatt-hour, while the GPT-3 estimate is 936,000 kWh, about seven orders of magnitude more.
from aigc_ethics.society import plot_energy
ax = plot_energy(table)
ax.set_title(f"Training energy: course runs (measured time x {WATTS} W assumed) vs GPT-3 (Chen et al. 2023, §5)", fontsize=9)
plt.tight_layout()
plt.show()

# %% [markdown]
# Training is one cost; **use** is another. The tiny model's card records the time to generate
# 16 images on the course machine (`measurements.json`, median of 3 runs when the card was written).
# Timing it live here would measure whatever else your machine is doing: try it yourself with
# `time.perf_counter()` around `pipe([...] * 16, generator=0)`.

# %%
from aigc_ethics.society import sampling_seconds, energy_kwh
seconds = sampling_seconds()
print(f"16 images in {seconds:.2f} s (recorded) -> {energy_kwh(seconds, WATTS) / 16 * 1000:.5f} Wh per image at {WATTS} W")

# %% [markdown]
# ## 3. Labour and creative markets
#
# Energy is the easiest cost to count. Two others matter as much and are harder to measure:
#
# - **Labour behind the data.** Captions, filters and safety labels are made by people, often
#   low-paid annotators who also view the worst content so that users do not. Our synthetic
#   dataset avoided that cost by construction; real datasets do not.
# - **Creative markets.** A model trained on an artist's work can produce "in the style of" that
#   artist at almost no cost (the IP chapter measures style mimicry on the course's fictional
#   artists). Whether that substitutes for commissions, and whether opt-out or payment schemes
#   help, are open empirical and legal questions. Chen et al. (2023, §5, "What about commercial
#   usage" and "Consent, credit, and compensation") report artists' fear of being made
#   uncompetitive and propose compensating the creators whose works train a model; their §4
#   covers IP protection.
#
# ## What we found
#
# - The study's respondents were overwhelmingly worried (95 % misinformation, 90 % privacy) and
#   in favour of regulation (99 %) and education (96 %), yet only 23 % were very confident in
#   policymakers. Without a sample size or sampling method these are statements about one group.
# - All the course's training runs together used on the order of 0.04 kWh (at 30 W), roughly
#   seven orders of magnitude below the 936 MWh GPT-3 estimate Chen et al. quote (and the
#   1,287 MWh Patterson et al. calculated for the actual run); a tiny glass-box model is the
#   reason the course can run on a laptop, and a reminder of how much larger real systems are.
#
# **Try it:** set `WATTS = 300` (a GPU workstation) and rerun: the gap stays above a million.
# **Next:** the [exercise](../exercises/50_regulation_explorer.ipynb) and the chapter page
# [Law and society](../book/law_and_society.md).
