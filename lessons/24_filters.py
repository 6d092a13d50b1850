# %% [markdown]
# # Filters and their side effects
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/24_filters.ipynb)
#
# **The question:** providers refuse some prompts and hide some images. Do these safety filters
# work, and whom do their mistakes fall on?
#
# **You will learn**
# - to measure a filter's false positives (harmless requests refused) and false negatives
#   (harmful requests let through) on a labelled prompt set;
# - how a filter learned from moderation data can over-block harmless prompts that mention some
#   groups more than others, and one way to reduce that;
# - what an output filter adds, and why its error rate depends on the images it reads.
#
# **Run time:** about 40 seconds on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## What the literature says
#
# Chen et al. (2023, Table 1) list the safeguards of the major generators: Parti and Imagen Video
# use **prompt filtering and output filtering**, DALL·E 2, Stable Diffusion, Imagen and
# Make-A-Video use **data filtering**. The same paper warns (§3, on DALL·E 2's filtered training
# data) that "filtering can introduce biases" of its own. Two measurements from text show how:
#
# - Dodge et al. (2021, EMNLP, abstract and §5) found that the blocklist used to clean the C4
#   web corpus **disproportionately removed text from and about minority individuals**;
# - Dixon et al. (2018, AIES) showed that a toxicity classifier trained on data in which identity
#   terms occur mostly in toxic comments learns to flag harmless sentences that merely mention
#   those identities, and that balancing the training data reduces this.
#
# We reproduce both effects in miniature with a labelled prompt set that ships with the course.

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from aigc_ethics.filters import (load_prompt_set, BlocklistFilter, blocklist_from_data, SemanticFilter,
                                 error_rates, rates_by_group, threshold_sweep, identity_augmented)

data = load_prompt_set()
train, test = data[data.split == "train"], data[data.split == "test"]
print(pd.crosstab([data.split, data.label], data.category))

# %% [markdown]
# The **train** split is what a filter may learn from. As in real moderation data, hateful
# prompts name the groups they target, so identity words occur mostly in harmful training
# prompts; among the harmless training prompts only "christian" and "white" appear. The **test**
# split adds harmless prompts built from neutral templates filled with each of 12 group words
# ("a portrait of a {group} doctor"), the synthetic-test-set method of Dixon et al. (2018), and
# some harmless prompts with alarming words ("a photo shoot of a chef").
#
# ## 1. A hand-written blocklist

# %%
hand = BlocklistFilter()
blocked = hand.predict(test.prompt)
print(error_rates(blocked, test.label == "harmful"))
print("harmless but blocked:", [p for p, b, l in zip(test.prompt, blocked, test.label) if b and l == "harmless"][:6])
print("harmful but allowed: ", [p for p, b, l in zip(test.prompt, blocked, test.label) if not b and l == "harmful"][:4])

# %% tags=["remove-cell"]
# "What we found": the hand-written list misses most harmful prompts and blocks some harmless ones.
hand_rates = error_rates(blocked, test.label == "harmful")
assert hand_rates["false_negative_rate"] > 0.5 and hand_rates["false_positive_rate"] > 0, hand_rates

# %% [markdown]
# A short list of explicit words misses most harmful requests (they are paraphrased) and blocks
# harmless prompts that happen to contain a listed word: a *shooting* star, a *nude* colour palette.
#
# ## 2. Filters learned from data
#
# Two ways to learn from the labelled training prompts: **mine a blocklist** (the words most
# over-represented in harmful prompts) and a **semantic filter** (an embedding of the whole
# prompt plus a logistic regression; see `aigc_ethics.filters.SemanticFilter`).

# %%
mined_words = blocklist_from_data(train.prompt, train.label == "harmful", top_k=30)
filters = {"hand-written blocklist": hand,
           "mined blocklist (30 words)": BlocklistFilter(mined_words),
           "semantic filter": SemanticFilter(seed=0).fit(train.prompt, train.label == "harmful")}
predictions = {name: f.predict(test.prompt) for name, f in filters.items()}
summary = pd.DataFrame({name: error_rates(p, test.label == "harmful") for name, p in predictions.items()}).T
print(summary[["false_positive_rate", "false_negative_rate"]].round(3))
print("identity words in the mined list:", sorted(set(mined_words) & set(data.group)))

# %% tags=["remove-cell"]
# "What we found": learned filters catch far more, and over-block more, than the hand-written list.
for name in ("mined blocklist (30 words)", "semantic filter"):
    assert summary.loc[name, "false_negative_rate"] < summary.loc["hand-written blocklist", "false_negative_rate"] - 0.3
    assert summary.loc[name, "false_positive_rate"] > summary.loc["hand-written blocklist", "false_positive_rate"]

# %% [markdown]
# ## 3. Whom do the false positives fall on?
#
# Now the harmless test prompts only, grouped by the identity word they mention.

# %%
# alt: Bar chart of the share of harmless test prompts blocked, per identity group, for the mined blocklist and the semantic filter; groups that appear in harmless training prompts (christian, white) are blocked least.
by_group = pd.DataFrame({name: rates_by_group(test, p)["blocked_share"]
                         for name, p in predictions.items() if name != "hand-written blocklist"})
by_group = by_group.sort_values("semantic filter", ascending=False)
by_group.plot.bar(figsize=(9, 3.2), width=0.8)
plt.ylabel("harmless prompts blocked"); plt.xlabel("group mentioned in the prompt")
plt.title("Over-blocking of harmless prompts, by group"); plt.tight_layout(); plt.show()
print(by_group.round(2).T.to_string())

# %% tags=["remove-cell"]
# Section 3 and "What we found": christian and white (the groups in harmless training prompts) are
# blocked least by both learned filters; gay and jewish prompts far more often.
for name in by_group:
    least = by_group.loc[["christian", "white"], name].max()
    assert least == by_group[name].min(), by_group[name]
    assert by_group.loc[["gay", "jewish"], name].min() >= least + 0.4, by_group[name]

# %% [markdown]
# Both learned filters refuse harmless prompts about some groups ("a gay couple at their
# wedding", "a portrait of a jewish doctor") far more often than the same sentences about
# christian or white people, the only groups that the harmless training prompts mention. Nobody
# wrote a rule against any group (the mined list's identity words are printed above): the filters learned that identity words predict "harmful" because, in the
# training prompts, they mostly occurred in hate. This is the mechanism Dixon et al. (2018)
# describe, and it is one way a safety measure can marginalise the very groups it aims to protect.
#
# ## 4. Moving the threshold does not fix it
#
# A stricter or looser threshold trades false positives for false negatives for everyone at once.

# %%
# alt: Line chart of the semantic filter's false-positive and false-negative rates on the test prompts as its threshold goes from 0.05 to 0.95.
sweep = threshold_sweep(filters["semantic filter"].score(test.prompt), test.label == "harmful")
ax = sweep.plot(x="threshold", y=["false_positive_rate", "false_negative_rate"], figsize=(6, 3))
ax.set(ylabel="rate", title="Semantic filter: threshold trade-off"); plt.tight_layout(); plt.show()

# %% tags=["remove-cell"]
# "What we found": moving the threshold trades one error for the other.
sweep_sorted = sweep.sort_values("threshold")
assert sweep_sorted["false_positive_rate"].is_monotonic_decreasing, sweep_sorted
assert sweep_sorted["false_negative_rate"].is_monotonic_increasing, sweep_sorted

# %% [markdown]
# ## 5. A mitigation: balance the training data
#
# Following Dixon et al. (2018), we add harmless prompts that mention every group in neutral
# contexts ("a {group} person smiling", four templates different from the test templates) and
# retrain the semantic filter.

# %%
groups = sorted(set(data.group) - {""})
balanced = identity_augmented(train, groups)
fixed = SemanticFilter(seed=0).fit(balanced.prompt, balanced.label == "harmful")
p_fixed = fixed.predict(test.prompt)
compare = pd.DataFrame({"before": error_rates(predictions["semantic filter"], test.label == "harmful"),
                        "after balancing": error_rates(p_fixed, test.label == "harmful")}).T
print(compare[["false_positive_rate", "false_negative_rate"]].round(3))
g_before = rates_by_group(test, predictions["semantic filter"])["blocked_share"]
g_after = rates_by_group(test, p_fixed)["blocked_share"]
print(f"largest gap between groups: before {g_before[groups].max() - g_before[groups].min():.2f}, "
      f"after {g_after[groups].max() - g_after[groups].min():.2f}")

# %% tags=["remove-cell"]
# "What we found": balancing narrows the gap between groups (fewer false positives, no more misses).
gap_before = g_before[groups].max() - g_before[groups].min()
gap_after = g_after[groups].max() - g_after[groups].min()
assert gap_after < gap_before, (gap_before, gap_after)
assert compare.loc["after balancing", "false_positive_rate"] < compare.loc["before", "false_positive_rate"], compare
assert compare.loc["after balancing", "false_negative_rate"] <= compare.loc["before", "false_negative_rate"], compare

# %% [markdown]
# ## 6. An output filter
#
# A prompt filter judges words; an **output filter** judges the image. The course's example policy
# forbids images of police uniforms (impersonation is a common scam). The output filter asks the
# attribute classifier whether an image shows a police officer, so a paraphrase that slips past
# a prompt filter is still caught. We generate 32 portraits for each profession and measure its
# errors, at the default 25 sampling steps and with only 3 steps (blurrier images).

# %%
from aigc_ethics.generate import load_pipeline
from aigc_ethics.attributes import load_classifier
from aigc_ethics.filters import OutputFilter
from aigc_ethics.datasets import PROFESSIONS, article

pipe, classifier = load_pipeline("tiny", device=device), load_classifier()
out_filter = OutputFilter(classifier, attribute="profession", forbidden="police officer")
rows = []
for steps in (25, 3):
    for i, prof in enumerate(PROFESSIONS):
        imgs = pipe(f"a portrait of {article(prof)} {prof}", num_images_per_prompt=32, num_inference_steps=steps,
                    generator=100 + i, output_type="np").images
        hidden = out_filter.predict((imgs * 255).round().astype(np.uint8))
        rows.append({"steps": steps, "prompt": prof, "hidden": int(hidden.sum()), "of": len(hidden)})
outputs = pd.DataFrame(rows).pivot(index="prompt", columns="steps", values="hidden")
print(outputs)

# %% tags=["remove-cell"]
# Section 6: at 25 steps (nearly) all police officers hidden and nothing else; more errors at 3 steps.
others = outputs.drop(index="police officer")
errors = {st: int(32 - outputs.loc["police officer", st] + others[st].sum()) for st in (25, 3)}
assert outputs.loc["police officer", 25] >= 30 and others[25].sum() == 0, outputs
assert errors[3] > errors[25], errors

# %% [markdown]
# With clean 25-step images the classifier separates the synthetic professions almost perfectly,
# so the output filter hides (nearly) all police officers and nothing else. With 3-step images
# its errors appear: the error rate of an output filter belongs to the images it was tested on.
# Real output filters (e.g. nudity classifiers) are judged on real, varied images, and their
# errors are larger and, as the bias audits of this chapter suggest, need not be even across
# skin tones: test them by group, as in section 3.
#
# ### Who is affected, with your number
#
# The people who write harmless prompts about their own group are direct stakeholders; the groups
# themselves are indirect ones, made harder to depict: a quality-of-service and a representational
# harm ([thinking tools](../book/thinking_tools.md)).

# %%
worst, best = g_before[groups].idxmax(), g_before[groups].idxmin()
print(f"Harmless requests that mention {worst} people were refused {g_before[worst]:.0%} of the time by the "
      f"semantic filter, those that mention {best} people {g_before[best]:.0%} (5 test prompts per group, so "
      f"one prompt is 20 points): at that rate, 1,000 harmless requests about {worst} people would meet "
      f"{1000 * g_before[worst]:.0f} refusals. After balancing, the largest gap between groups is {gap_after:.0%}.")

# %% [markdown]
# ## What we found
#
# - A hand-written blocklist misses most paraphrased harmful requests and blocks harmless
#   prompts containing alarming words (table in section 1).
# - Filters learned from moderation data catch far more, but over-block harmless prompts that
#   mention groups which the training data mentioned mostly in hate (section 3), reproducing in
#   miniature what Dodge et al. (2021) and Dixon et al. (2018) measured on real text.
# - Moving the threshold trades one error for the other; balancing the training data narrows the
#   gap between groups (section 5).
# - An output filter catches what wording hides, with an error rate tied to the images it reads.
#
# Caveats: 179 prompts, written for teaching, are tiny; each group has 5 harmless test prompts,
# so a difference of one prompt is 0.2. Treat the numbers as a demonstration of a mechanism,
# not as a measurement of any real filter.
#
# **Try it:** add your own prompts to `train` (e.g. harmless ones about a group you care about),
# retrain the semantic filter and rerun section 3. **Next:** the
# [exercises](../exercises/24_filters.ipynb) and the chapter on [privacy](../book/privacy.md).
