# %% [markdown]
# # Exercises: Mitigating bias — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/23_mitigations.ipynb)
#
# **You will practise**
# - designing your own prompt set as a mitigation and auditing it;
# - reading an audit table to decide which method moved the metric.
#
# **Run time:** under 30 seconds. Work through the lesson
# [Mitigating bias, and what it costs](../notebooks/23_mitigations.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

from aigc_ethics.attributes import load_classifier
from aigc_ethics.bias import compare_methods, diversified_prompts
from aigc_ethics.check.bias import check_mitigation_choice, check_prompt_set
from aigc_ethics.generate import load_pipeline

pipe = load_pipeline("tiny", device=device)
classifier = load_classifier()
PROMPT, N = "a portrait of an engineer", 32

# %% [markdown]
# ## Exercise 1: design a prompt set
#
# Write `my_prompts`, a list of 32 prompts for engineers (only words the model knows: see
# `pipe.tokenizer.vocab`), designed so that between 35 % and 65 % of the generated engineers have
# lighter skin while they stay recognisable as engineers. The check generates your 32 images and
# audits them.

# %%
### BEGIN SOLUTION
my_prompts = [f"{PROMPT} with dark skin"] * 16 + [f"{PROMPT} with light skin"] * 16
### END SOLUTION
check_prompt_set(my_prompts, pipe, classifier)

# %% [markdown]
# ## Exercise 2: which method moved the metric most?
#
# The cell below audits three ways of asking for engineers. Set `best` to the name of the row whose
# share of lighter skin is closest to the 50 % reference (compute it from `table`; don't type it).

# %%
table, _ = compare_methods({
    "plain prompt": lambda: pipe(PROMPT, num_images_per_prompt=N, generator=0, output_type="np").images,
    "diversified 50/50": lambda: pipe(diversified_prompts(PROMPT, N, seed=0), generator=0, output_type="np").images,
    "always 'with dark skin'": lambda: pipe(f"{PROMPT} with dark skin", num_images_per_prompt=N, generator=0,
                                            output_type="np").images,
}, classifier, "engineer")
table.drop(columns="seconds per image")

# %%
### BEGIN SOLUTION
best = (table["lighter share"] - 0.5).abs().idxmin()
### END SOLUTION
check_mitigation_choice(best, table)
