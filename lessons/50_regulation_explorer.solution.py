# %% [markdown]
# # Exercises: Rules on synthetic images and a policy of your own — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/50_regulation_explorer.ipynb)
#
# **You will practise**
# - querying the regulations table for the controls a jurisdiction requires;
# - counting which controls the rules ask for;
# - writing a policy for a school, a newsroom or a platform that names the controls it must.
#
# **Run time:** under 10 seconds. Work through the lesson
# [What do the rules on synthetic images require?](../notebooks/50_regulation_explorer.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

from aigc_ethics.regulation import CONTROLS, load_regulations
from aigc_ethics.check import discuss
from aigc_ethics.check.society import check_controls_for, check_rules_per_control, check_policy

rules = load_regulations()
print(list(CONTROLS))

# %% [markdown]
# ## Exercise 1: what must a provider do here?
#
# Write `controls_for(df, jurisdiction)`: the **sorted** list of controls required by at least one
# rule of that jurisdiction that is in force (`df["in_force"]`). Match the jurisdiction as a
# case-insensitive substring of `df["jurisdiction"]` (so "United States" also finds the states).
# A bill that was never enacted is not law.

# %%
def controls_for(df, jurisdiction):
    ### BEGIN SOLUTION: keep in-force rows of the jurisdiction, then the controls any of them names
    rows = df[df["jurisdiction"].str.contains(jurisdiction, case=False, regex=False) & df["in_force"]]
    return sorted(c for c in CONTROLS if rows[c].any())
    ### END SOLUTION

check_controls_for(controls_for)

# %% [markdown]
# ## Exercise 2: which controls do the rules ask for most?
#
# Write `rules_per_control(df)` returning `{control: number of rows that call for it}` for every
# control in `CONTROLS`.

# %%
def rules_per_control(df):
    ### BEGIN SOLUTION: one count per control column
    return {c: int(df[c].sum()) for c in CONTROLS}
    ### END SOLUTION

check_rules_per_control(rules_per_control)

# %% [markdown]
# ## Exercise 3: write a policy
#
# Choose a setting: `"school"`, `"newsroom"` or `"platform"`. Write its policy on AI-generated
# images as a dict of clauses. The check reads it like an auditor: every control the setting
# needs (a school: consent, label, takedown; a newsroom: consent, label, provenance; a platform:
# label, provenance, takedown, watermark) must appear in a clause that states an *obligation*
# (must, shall, will, never, only), and a takedown clause needs a deadline.

# %%
setting = "platform"
### BEGIN SOLUTION
policy = {
    "label": "Every AI-generated or AI-edited image must carry a visible label 'AI-generated' where it is shown.",
    "provenance": "Uploads must keep their content credentials (C2PA); we will show them and never strip them on re-encoding.",
    "watermark": "Images made with our own generator will carry an invisible watermark, checked on upload.",
    "consent": "Sexual or intimate images of a real person are only allowed with that person's recorded consent.",
    "takedown": "We will remove a reported non-consensual image and its known copies within 48 hours.",
}
### END SOLUTION
check_policy(policy, setting)

# %% [markdown]
# ## Exercise 4 (open): who checks your policy?
#
# Which clause of your policy would be hardest to enforce, who would check it, and what would
# still slip through? Write two or three sentences in `answer`, then run the cell.

# %%
### BEGIN SOLUTION
answer = ("The watermark clause is the hardest: it only covers our own generator, watermarks break under "
          "some edits, and images from open models arrive unmarked, so we still need user reports, a named "
          "trust-and-safety team that answers within 48 hours, and labels for uploads that declare AI use.")
### END SOLUTION
discuss("policy-enforcement", answer)
