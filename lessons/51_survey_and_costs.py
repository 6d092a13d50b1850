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
# - to time image generation and scale it to 1,000 images;
# - to put both next to published figures (GPT-3's training, large image generators' inference) on
#   log-scale charts, saying which published number is an estimate and which a calculation.
#
# **Run time:** under 30 seconds on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## 1. What the surveyed people said
#
# The RIMS study (Prabhu, Sankeerthana and Vaishnav Babu) reports its survey in the section
# "Findings of the study" (our copy of the paper has no page numbers). We chart every
# percentage it gives, exactly as reported.

# %%
# alt: Horizontal bars: 95 percent worried about misinformation, 90 percent about privacy, 99 percent favour laws, 96 percent favour public education, 74 percent, when presented a real image, correctly identified between actual and AI-generated images; below, a stacked bar of confidence in policymakers: 23 percent very, 49 percent somewhat, 28 percent not confident.
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
# Two different numbers circulate for the energy of training GPT-3, and they are not the same
# kind of number:
#
# - **936 MWh** is an *estimate for a hypothetical run*. Chen, Fu and Lyu ("A Pathway Towards
#   Responsible AI Generated Content", 2023, §5 Discussion, "Environment impact") write that
#   training GPT-3 on A100 GPUs would take 1,024 GPUs and 34 days (after Narayanan et al. 2021)
#   and quote the expected 936 MWh from a company blog post (Lai et al. 2022, Numenta).
# - **1,287 MWh** is the figure *calculated for the run that actually produced GPT-3*: Patterson
#   et al. ("Carbon emissions and large neural network training", 2021, Table 4 and Appendix A)
#   turn OpenAI's published 3.14 × 10²³ operations into GPU time at the 24.6 TFLOPS/s per V100
#   that OpenAI reported to them, and that time into energy at the measured 330 W per GPU and the
#   datacenter's PUE of 1.10. It is a calculation, not a
#   meter reading, but from the real run's numbers.
#
# The course's own checkpoints record how long their training took: every folder of
# `aigc_ethics/checkpoints` is listed below with the file its time comes from (the tiny model's
# `measurements.json`, the VAE's `decoder_sigma.json`, the classifier's `info.json`, the DP runs'
# `dp_info.json`, the other model cards' "Training" line). Nobody metered the machine, so
# energy = time × an assumed power draw. We assume **30 W** for the 2 shared CPU cores with memory
# (a laptop runs at about 15-45 W); change `WATTS` and see which conclusions move.

# %%
import pandas as pd
from aigc_ethics.society import course_training_runs, energy_table, energy_kwh, GPT3_TRAINING

WATTS = 30
runs = course_training_runs()
with pd.option_context("display.width", 120, "display.max_colwidth", 60):
    print(runs[["run", "recorded_seconds", "seconds", "record", "note"]].to_string(index=False))
unrecorded = runs.loc[runs["recorded_seconds"].isna(), "run"].tolist()
total_s = runs["seconds"].sum()
course = energy_kwh(total_s, watts=WATTS)
print(f"\n{len(runs)} shipped checkpoints, {len(unrecorded)} without a recorded time {unrecorded}")
print(f"counted training time: {total_s:,.0f} s = {total_s / 3600:.2f} h -> {course:.3f} kWh at {WATTS} W")
for key, g in GPT3_TRAINING.items():
    print(f"{g['label']}: {g['energy_kwh'] / 1000:,.0f} MWh = {g['energy_kwh'] / course:.1e} x the course")

# %% tags=["remove-cell"]
# The text below: every shipped checkpoint records its time; the counted total is about a fifth of a kWh;
# both GPT-3 figures are about seven orders of magnitude larger (10^6.5 to 10^7.5), and at 300 W the
# smaller one is still more than 400,000 times the course's total.
import math
assert len(runs) >= 14 and not unrecorded, (len(runs), unrecorded)
assert 0.18 < course < 0.23, (total_s, course)
for g in GPT3_TRAINING.values():
    assert 6.5 < math.log10(g["energy_kwh"] / course) < 7.5, g
assert min(g["energy_kwh"] for g in GPT3_TRAINING.values()) / energy_kwh(total_s, watts=300) > 4e5
assert runs.set_index("run").loc["privacy-600", "seconds"] == 0

# %%
# alt: Horizontal bars on a logarithmic energy axis: each of the course's training runs used between about a thousandth and three hundredths of a kilowatt-hour; the two GPT-3 figures, 936,000 and 1,287,000 kWh, are about seven orders of magnitude larger than all the course's runs together.
import matplotlib.pyplot as plt
from aigc_ethics.society import plot_energy
table = energy_table(runs, watts=WATTS)
ax = plot_energy(table)
ax.set_title(f"Training energy: course checkpoints (recorded time x {WATTS} W assumed) vs GPT-3 "
             "(Chen et al. 2023 §5; Patterson et al. 2021 Table 4)", fontsize=9)
plt.tight_layout()
plt.show()

# %% [markdown]
# **What the table does not count.** Every shipped checkpoint records its time, but the course's
# real training bill is larger: runs that were replaced or thrown away (earlier versions,
# hyperparameter sweeps, failed attempts) left no record, and neither did executing the notebooks,
# the benchmarks and the tests. The 600-step privacy checkpoint is a snapshot of the 1,200-step run
# (same command, cumulative clock), so it adds nothing. Published figures have the same gap:
# Patterson et al.'s GPT-3 number is for training the final model (their Table 4), not for the
# experiments before it.
#
# Training is one cost; **use** is another, paid again for every image. We time a small batch of 4
# images with the tiny model (25 steps, guidance 1.0, as in the model card), take the median of 3
# runs and scale to 1,000 images. Your time depends on your machine and on whatever else it is
# doing (on a busy shared machine it was up to a hundred times slower), so the printed number is
# yours; the text quotes the model card's timing on the idle course machine: 2.12 s for 16 images.

# %%
# NBVAL_IGNORE_OUTPUT
import statistics, time
from aigc_ethics.generate import load_pipeline
from aigc_ethics.society import inference_table, sampling_seconds, IMAGE_GENERATION_KWH_PER_1000

pipe = load_pipeline("tiny", device=device)
pipe("a portrait of a farmer", num_images_per_prompt=1, generator=0)  # warm-up, not timed
N = 4
times = []
for repeat in range(3):
    start = time.perf_counter()
    pipe("a portrait of a farmer", num_images_per_prompt=N, num_inference_steps=25, guidance_scale=1.0, generator=repeat)
    times.append(time.perf_counter() - start)
live_per_image = statistics.median(times) / N
print(f"{N} images in {statistics.median(times):.2f} s (median of 3, this machine) -> "
      f"{energy_kwh(1000 * live_per_image, watts=WATTS):.4f} kWh per 1,000 images at {WATTS} W")

# %%
recorded_per_image = sampling_seconds() / 16
inference = inference_table(recorded_per_image, watts=WATTS)
print(f"model card: 16 images in {sampling_seconds():.2f} s -> {inference.kwh.iloc[0]:.4f} kWh per 1,000 images at {WATTS} W")
print(inference[["run", "kwh"]].to_string(index=False))
print("source:", IMAGE_GENERATION_KWH_PER_1000["source"])
ratio_median = IMAGE_GENERATION_KWH_PER_1000["median"] / inference.kwh.iloc[0]
ratio_mean = IMAGE_GENERATION_KWH_PER_1000["mean"] / inference.kwh.iloc[0]
images_to_match_training = course / inference.kwh.iloc[0] * 1000
print(f"published median / tiny = {ratio_median:,.0f}; published mean / tiny = {ratio_mean:,.0f}")
print(f"the tiny model's inference equals all the course's training after {images_to_match_training:,.0f} images")

# %% tags=["remove-cell"]
# The text: the tiny model (recorded time) needs over a thousand times less energy per image than
# the median published model and over two thousand times less than the mean; with a live timing,
# even on a busy machine, it stays over ten times below the published mean; inference catches up
# with training after ~10^5 images.
assert ratio_median > 1000 and ratio_mean > 2000, (ratio_median, ratio_mean)
assert IMAGE_GENERATION_KWH_PER_1000["mean"] / energy_kwh(1000 * live_per_image, watts=WATTS) > 10, live_per_image
assert 3e4 < images_to_match_training < 3e5, images_to_match_training

# %%
# alt: Horizontal bars on a logarithmic axis of kilowatt-hours per 1,000 images: the tiny model about a thousandth of a kilowatt-hour; published image generators 1.35 (median), 2.9 (mean) and 11.5 (least efficient model) kilowatt-hours.
ax = plot_energy(inference)
ax.set_title(f"Inference energy per 1,000 images: tiny model (model card timing x {WATTS} W assumed) vs "
             "Luccioni et al. 2024, Table 2 and §4.1 (measured on an A100)", fontsize=9)
plt.tight_layout()
plt.show()

# %% [markdown]
# ```{admonition} Miniature vs reality
# :class: note
# | finding | the miniature (this lesson) | published for large systems | does it transfer? |
# |---|---|---|---|
# | Training energy | every shipped checkpoint (33 folders, 32 counted runs when this was written), 6.8 h of CPU time: **0.20 kWh** at an assumed 30 W | GPT-3: **1,287 MWh** calculated for the actual run (Patterson et al. 2021, Table 4); 936 MWh for a hypothetical A100 run (Chen et al. 2023 §5, quoting a blog) | The *method* transfers (time × power, and what a record leaves out); the *size* does not: about 10⁷ times more, because GPT-3 has ~64,000 times the parameters of our 2.7 M-parameter UNet and trained on thousands of GPUs |
# | Inference energy | **0.0011 kWh per 1,000 images** of 32 × 32 px (model card's 2.12 s per 16 images × 30 W) | **2.907 kWh** mean, 1.35 median, 11.49 for the least efficient model, per 1,000 images (Luccioni, Jernite and Strubell 2024, Table 2 and §4.1; A100 GPU, measured with CodeCarbon) | No in size: 1,000-2,600 times less, since our images have 1/256 the pixels of a 512 × 512 image and the model is tiny. Yes in kind: energy grows with use, so a popular generator's inference can outweigh its training (our model's after about 10⁵ images) |
# | Who measured | time × an assumed wattage | Patterson: FLOPs × reported power × PUE; Luccioni: software power meter | Neither course figure is a meter reading; both published ones state their method, and ours says its assumption |
# ```

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

# %% [markdown]
# ### Who is affected, with your number
#
# Energy is paid by people who never see the images: those who breathe the exhaust of the power
# plants, and the ratepayers of the grid. A plain way to state what one large service's
# inference costs, at the published mean:

# %%
images_per_day = 1_000_000          # an assumed, round daily volume for a popular service
kwh_per_day = IMAGE_GENERATION_KWH_PER_1000["mean"] * images_per_day / 1000
print(f"At the published mean of {IMAGE_GENERATION_KWH_PER_1000['mean']} kWh per 1,000 images, a service making "
      f"{images_per_day:,} images a day uses about {kwh_per_day:,.0f} kWh a day, {kwh_per_day / course:,.0f} times all "
      f"of this course's training; the tiny model would use {inference.kwh.iloc[0] * images_per_day / 1000:.1f} kWh "
      f"for the same number of (much smaller) images.")

# %% [markdown]
# ## What we found
#
# - The study's respondents were overwhelmingly worried (95 % misinformation, 90 % privacy) and
#   in favour of regulation (99 %) and education (96 %), yet only 23 % were very confident in
#   policymakers. Without a sample size or sampling method these are statements about one group.
# - Every shipped checkpoint records its training time (the table lists them: 33 folders when
#   this was written, including the bias chapter's `marked` fine-tune). Counting the 600-step
#   privacy snapshot inside its 1,200-step run, the 32 training runs took 24,302 s (6.8 h) of CPU
#   time, about **0.20 kWh** at an assumed 30 W. Both GPT-3 figures are about seven
#   orders of magnitude larger: 936 MWh for a hypothetical A100 run (Chen et al., quoting a blog)
#   and 1,287 MWh calculated for the actual run (Patterson et al., Table 4). Runs that left no
#   checkpoint, and executing the notebooks, are not counted.
# - Generating 1,000 images with the tiny model takes about 0.0011 kWh at 30 W (the model card's
#   timing; yours above may be slower on a busy machine, and stays over ten times below the mean),
#   over a thousand times less than the median image generator measured by Luccioni et al.
#   (1.35 kWh per 1,000 images; mean 2.907 kWh). Even so, after about 100,000 images the tiny
#   model's use would have cost as much energy as all of the course's training: for a deployed
#   generator, use, not training, can dominate.
#
# **Try it:** set `WATTS = 300` (a GPU workstation) and rerun: the training gap shrinks tenfold but
# stays above 400,000.
# **Next:** the [exercise](../exercises/50_regulation_explorer.ipynb) and the chapter page
# [Law and society](../book/law_and_society.md); how every finding of the course compares with
# large systems: [Miniature vs reality](../book/miniature_vs_reality.md).
