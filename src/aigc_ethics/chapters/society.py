"""Society-level questions: what surveyed people said, what training costs, and school,
newsroom or platform policies checked against the controls they must name.

Published numbers carry their source next to them (:data:`SURVEY`, :data:`GPT3_TRAINING`).
Energy here is *time x an assumed power draw*: the course's machines were never metered.

>>> from aigc_ethics.society import energy_kwh
>>> energy_kwh(3600, watts=50)
0.05
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from aigc_ethics.chapters.regulation import CONTROLS
from aigc_ethics.core.generate import CHECKPOINTS
from aigc_ethics.core.images import OKABE_ITO

STUDY_000 = ("Prabhu, Sankeerthana and Vaishnav Babu, 'A study on ethical implications of LLM-based "
             "video and image generation models' (RIMS Bangalore)")
_FINDINGS = "section 'Findings of the study' (our copy has no page numbers)"

#: The study's survey findings: share of respondents, with the section they are reported in.
SURVEY = pd.DataFrame([
    ("worried that AI images and videos spread misinformation or deceive", 95, _FINDINGS),
    ("worried about privacy when lifelike images of people are made without permission", 90, _FINDINGS),
    ("in favour of laws or regulations on AI-made visual content", 99, _FINDINGS),
    ("in favour of more public education about AI", 96, _FINDINGS),
    ("when presented a real image, correctly identified between actual and AI-generated images", 74,
     _FINDINGS),
], columns=["finding", "percent", "where"])

#: Confidence that policymakers will ensure responsible use (same section of the study).
CONFIDENCE = pd.Series({"very confident": 23, "somewhat confident": 49, "not confident": 28},
                       name="percent")

#: Two published figures for training GPT-3; they are not the same kind of number.
#: ``chen2023`` is an *estimate for a hypothetical run* on A100 GPUs: Chen, Fu and Lyu (2023, §5
#: Discussion, 'Environment impact') take 1,024 A100s for 34 days from Narayanan et al. (2021) and
#: quote the expected 936 MWh from a 2022 Numenta blog post (Lai et al.).
#: ``patterson2021`` is the figure *calculated for the run that produced GPT-3* (Patterson et al.
#: 2021, 'Carbon emissions and large neural network training', Table 4 and Appendix A): OpenAI's
#: published 3.14e23 FLOPs at the 24.6 TFLOPS/s and 330 W per V100 that OpenAI reported, PUE 1.10,
#: on the 10,000 V100s NVIDIA suggested (14.8 days): 1,287 MWh, 552 tCO2e. Not a meter reading either.
GPT3_TRAINING = {
    "chen2023": {"label": "GPT-3, Chen et al. quoting a blog (hypothetical A100 run)", "energy_kwh": 936_000.0, "gpus": 1024, "gpu": "A100", "days": 34.0,
                 "kind": "estimate for a hypothetical A100 run (a blog post's figure, quoted)",
                 "source": "Chen et al. 2023, §5 Discussion, 'Environment impact', quoting Lai et al. 2022 (Numenta blog) "
                           "and Narayanan et al. 2021 (1,024 A100s, 34 days)"},
    "patterson2021": {"label": "GPT-3, Patterson et al. (actual run, calculated)", "energy_kwh": 1_287_000.0, "gpus": 10_000, "gpu": "V100", "days": 14.8,
                      "kind": "calculated for the actual training run (FLOPs x measured power x PUE)",
                      "source": "Patterson et al. 2021, 'Carbon emissions and large neural network training', "
                                "Table 4 (GPT-3 column) and Appendix A"},
}

#: Published inference energy of image generation: kWh per 1,000 images, over the most downloaded
#: text-to-image models of the Hugging Face Hub, 1,000 prompts each from three prompt datasets,
#: one NVIDIA A100-SXM4-80GB, measured with CodeCarbon (GPU, CPU and RAM).
IMAGE_GENERATION_KWH_PER_1000 = {
    "mean": 2.907, "std": 3.31, "median": 1.35, "max": 11.49,
    "source": "Luccioni, Jernite and Strubell 2024, 'Power Hungry Processing: Watts Driving the Cost of AI "
              "Deployment?' (FAccT '24), §4.1 and Table 2 (mean 2.907, std 3.31; median 1.35 and the least "
              "efficient model's 11.49 in the §4.1 text)",
}


def energy_kwh(seconds: float, *, watts: float = 30.0) -> float:
    """Energy in kWh of ``seconds`` of work at an assumed average power of ``watts``."""
    if seconds < 0 or watts <= 0:
        raise ValueError(f"seconds must be >= 0 and watts > 0, got seconds={seconds}, watts={watts}")
    return round(seconds * watts / 3.6e6, 9)


# Where a checkpoint records its training time: (file, keys), tried in this order.
_JSON_RECORDS = (("measurements.json", ("train", "train_seconds")), ("train_info.json", ("train_seconds",)),
                 ("dp_info.json", ("train_seconds",)), ("info.json", ("seconds",)),
                 ("decoder_sigma.json", ("meta", "wall_s")), ("training.json", ("cpu_seconds",)))
# ... or, failing those, the sentence of its MODEL_CARD.md that gives the wall time.
_CARD_SECONDS = (re.compile(r"\b(?:cpu|cuda|mps), (\d+(?:\.\d+)?) s\b"),
                 re.compile(r"[Ww]all time (\d+(?:\.\d+)?) s\b"),
                 re.compile(r"\bin\s+(\d+(?:\.\d+)?) s \(wall clock"),
                 re.compile(r"(\d+(?:\.\d+)?) s of\s+measured wall time"),
                 re.compile(r"Measured time: (\d+(?:\.\d+)?) s on (?:cpu|cuda|mps)\b"))
_THREADS = re.compile(r"(\d+) (?:torch|CPU) thread")
_REPRODUCE = re.compile(r"Reproduce[^`]*`([^`]+)`")


def _recorded_seconds(folder: Path) -> tuple[float | None, str]:
    for name, keys in _JSON_RECORDS:
        f = folder / name
        if f.exists():
            value = json.loads(f.read_text())
            for k in keys:
                value = value.get(k) if isinstance(value, dict) else None
            if value is not None:
                return float(value), f"{name}: {'.'.join(keys)}"
    card = folder / "MODEL_CARD.md"
    if card.exists():
        text = card.read_text()
        for pattern in _CARD_SECONDS:
            m = pattern.search(text)
            if m:
                return float(m.group(1)), "MODEL_CARD.md"
    return None, "(none)"


def course_training_runs(checkpoints: str | Path | None = None) -> pd.DataFrame:
    """One row per shipped checkpoint folder, with the training wall time it records.

    The time comes from the checkpoint's JSON record (``measurements.json``, ``train_info.json``,
    ``dp_info.json``, ``info.json``, ``decoder_sigma.json``, ``training.json``) or, failing that, its
    ``MODEL_CARD.md``. ``recorded_seconds`` is what the checkpoint says; ``seconds`` is what it adds
    to the course's total: 0 for a snapshot of a longer run (same reproduce command; the longer
    run's time already contains it) and NaN where nothing is recorded (``record == "(none)"``).
    """
    root = Path(checkpoints) if checkpoints else CHECKPOINTS
    folders = sorted(p for p in root.glob("*") if p.is_dir() and not p.name.startswith((".", "_")))
    if not folders:
        raise FileNotFoundError(f"no checkpoints under {root}")
    rows = []
    for folder in folders:
        seconds, record = _recorded_seconds(folder)
        card = (folder / "MODEL_CARD.md").read_text() if (folder / "MODEL_CARD.md").exists() else ""
        command = (_REPRODUCE.search(card) or [None, ""])[1].strip()
        threads = _THREADS.search(card)
        rows.append({"run": folder.name, "recorded_seconds": seconds, "record": record,
                     "hardware": "cpu" + (f", {threads.group(1)} thread(s)" if threads else ""), "command": command})
    df = pd.DataFrame(rows)
    df["seconds"] = df["recorded_seconds"].astype(float)
    df["note"] = ""
    # Snapshots of one run share its reproduce command; the run's (cumulative) time is its longest.
    for command, group in df[df["command"] != ""].groupby("command"):
        if len(group) > 1 and group["recorded_seconds"].notna().all():
            keep = group["recorded_seconds"].idxmax()
            for i in group.index.drop(keep):
                df.loc[i, "seconds"] = 0.0
                df.loc[i, "note"] = f"snapshot of the {df.loc[keep, 'run']} run (its time is counted there)"
    df.loc[df["recorded_seconds"].isna(), "note"] = "no training time recorded"
    return df[["run", "seconds", "recorded_seconds", "record", "hardware", "note"]]


def sampling_seconds(checkpoints: str | Path | None = None) -> float:
    """Recorded seconds to generate 16 images with the tiny model (its ``measurements.json``)."""
    m = (Path(checkpoints) if checkpoints else CHECKPOINTS) / "tiny" / "measurements.json"
    if not m.exists():
        raise FileNotFoundError(f"no measurements at {m}")
    return float(json.loads(m.read_text())["seconds_16_images"])


def energy_table(runs: pd.DataFrame, *, watts: float = 30.0, include_gpt3: bool = True) -> pd.DataFrame:
    """Add ``kwh`` (counted time x ``watts``) to ``runs`` and, optionally, both published GPT-3 figures.

    Snapshot rows (``seconds == 0``) and unrecorded rows (NaN) are left out of the table.
    """
    if runs.empty:
        raise ValueError("no runs")
    counted = runs[runs["seconds"].fillna(0) > 0]
    out = counted.assign(kwh=[energy_kwh(s, watts=watts) for s in counted["seconds"]],
                         source=f"recorded time x {watts:g} W (assumed)")
    if include_gpt3:
        extra = [{"run": g["label"], "seconds": g["days"] * 86400.0,
                  "hardware": f"{g['gpus']:,} {g['gpu']} GPUs", "kwh": g["energy_kwh"], "source": g["source"]}
                 for g in GPT3_TRAINING.values()]
        out = pd.concat([out, pd.DataFrame(extra)], ignore_index=True)
    return out.reset_index(drop=True)


def inference_table(seconds_per_image: float, *, watts: float = 30.0) -> pd.DataFrame:
    """kWh per 1,000 images: the tiny model (``seconds_per_image`` x ``watts``) next to the published
    image-generation figures of :data:`IMAGE_GENERATION_KWH_PER_1000`."""
    if seconds_per_image <= 0:
        raise ValueError(f"seconds_per_image must be > 0, got {seconds_per_image}")
    p = IMAGE_GENERATION_KWH_PER_1000
    rows = [("tiny model, 1,000 images of 32 x 32 px", energy_kwh(1000 * seconds_per_image, watts=watts),
             f"seconds per image x {watts:g} W (assumed)")]
    rows += [(f"published image generation, {k} of models", p[k], p["source"]) for k in ("median", "mean")]
    rows += [("published image generation, least efficient model", p["max"], p["source"])]
    return pd.DataFrame(rows, columns=["run", "kwh", "source"])


def plot_energy(table: pd.DataFrame, *, ax=None):
    """Horizontal bars of ``kwh`` on a log scale (viridis colours), labelled with the value."""
    import matplotlib.pyplot as plt
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.5 * len(table) + 1.2))
    colours = plt.get_cmap("viridis")([i / max(1, len(table) - 1) for i in range(len(table))])
    ax.barh(table["run"], table["kwh"], color=colours)
    ax.set_xscale("log")
    for i, v in enumerate(table["kwh"]):
        ax.text(v * 1.3, i, f"{v:.3g} kWh", va="center", fontsize=8)
    ax.set_xlim(table["kwh"].min() / 3, table["kwh"].max() * 50)
    ax.set_xlabel("energy (kWh, log scale)")
    return ax


def plot_survey(ax=None, *, confidence_ax=None):
    """Bars of :data:`SURVEY` and a stacked bar of :data:`CONFIDENCE` (colour-blind-safe cividis, values written in)."""
    import textwrap

    import matplotlib.pyplot as plt

    if ax is None or confidence_ax is None:
        _, (ax, confidence_ax) = plt.subplots(2, 1, figsize=(8, 5.6), height_ratios=[3, 1])
    labels = [textwrap.fill(f, 34) for f in SURVEY["finding"]]
    ax.barh(labels, SURVEY["percent"], color=OKABE_ITO[0])
    for i, v in enumerate(SURVEY["percent"]):
        ax.text(v + 1, i, f"{v} %", va="center", fontsize=8)
    ax.set_xlim(0, 110)
    ax.invert_yaxis()
    ax.set_xlabel("% of respondents (sample size not reported)")
    left = 0
    for k, (label, v) in enumerate(CONFIDENCE.items()):
        confidence_ax.barh([0], [v], left=left, color=plt.get_cmap("cividis")(0.1 + 0.4 * k), label=f"{label} ({v} %)")
        confidence_ax.text(left + v / 2, 0, f"{v} %", ha="center", va="center", color="white" if k == 0 else "black")
        left += v
    confidence_ax.set_yticks([])
    confidence_ax.set_xlim(0, 100)
    confidence_ax.set_title("confidence in policymakers to ensure responsible use", fontsize=9)
    confidence_ax.legend(ncol=3, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.35))
    return ax, confidence_ax


# --------------------------------------------------------------------------------------------
# Policies
# --------------------------------------------------------------------------------------------

#: Words that show a policy clause addresses a control (lower-case substrings).
CONTROL_WORDS = {
    "label": ("label", "disclose", "disclosure", "marked as ai", "caption saying"),
    "watermark": ("watermark",),
    "provenance": ("provenance", "content credential", "c2pa", "signed metadata", "manifest"),
    "consent": ("consent", "permission"),
    "takedown": ("takedown", "take down", "remove", "removal", "delete"),
}

#: The controls a policy for each setting must name (our teaching choice, derived from the
#: regulations table: see ``book/law_and_society.md``).
REQUIRED = {
    "school": ("consent", "label", "takedown"),
    "newsroom": ("consent", "label", "provenance"),
    "platform": ("label", "provenance", "takedown", "watermark"),
}

_OBLIGATION = re.compile(r"\b(must|shall|will|required|always|never|only)\b")
_DEADLINE = re.compile(r"\b\d+\s*(hour|hours|h|day|days|working days)\b")


def policy_clauses(policy) -> list[str]:
    """Split a policy (a string, or a dict of clause -> text) into lower-case clauses."""
    if isinstance(policy, dict):
        texts = [f"{k}: {v}" for k, v in policy.items()]
    elif isinstance(policy, str):
        texts = [policy]
    else:
        raise TypeError(f"a policy is a string or a dict of clauses, got {type(policy).__name__}")
    clauses = [c.strip().lower() for t in texts for c in re.split(r"(?<=[.;!?])\s+|\n+", str(t)) if c.strip()]
    if not clauses:
        raise ValueError("the policy is empty")
    return clauses


def policy_controls(policy) -> dict[str, list[str]]:
    """For each control, the clauses that name it *and* state an obligation (must, shall, will...).

    >>> policy_controls("Every AI image must carry a visible label.")["label"]
    ['every ai image must carry a visible label.']
    """
    found = {c: [] for c in CONTROLS}
    for clause in policy_clauses(policy):
        if not _OBLIGATION.search(clause):
            continue
        for c, words in CONTROL_WORDS.items():
            if any(w in clause for w in words):
                found[c].append(clause)
    return found


def review_policy(policy, setting: str) -> dict:
    """What a policy for ``setting`` covers and misses: ``{"missing": [...], "takedown_deadline": bool, ...}``."""
    if setting not in REQUIRED:
        raise ValueError(f"setting must be one of {sorted(REQUIRED)}, got {setting!r}")
    found = policy_controls(policy)
    missing = [c for c in REQUIRED[setting] if not found[c]]
    deadline = any(_DEADLINE.search(cl) for cl in found["takedown"])
    return {"setting": setting, "required": list(REQUIRED[setting]), "missing": missing,
            "covered": [c for c in CONTROLS if found[c]], "takedown_deadline": deadline,
            "clauses": found}
