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
    ("told a real image from an AI-generated one correctly", 74, _FINDINGS),
], columns=["finding", "percent", "where"])

#: Confidence that policymakers will ensure responsible use (same section of the study).
CONFIDENCE = pd.Series({"very confident": 23, "somewhat confident": 49, "not confident": 28},
                       name="percent")

#: Chen, Fu and Lyu, 'A Pathway Towards Responsible AI Generated Content' (2023), section 5
#: ('Environment impact'), citing Narayanan et al. (2021) and a 2022 Numenta blog post.
GPT3_TRAINING = {"energy_kwh": 936_000.0, "gpus": 1024, "days": 34,
                 "source": "Chen et al. 2023, §5 Discussion, 'Environment impact' (936 MWh; 1,024 A100s, 34 days)"}



def energy_kwh(seconds: float, watts: float = 30.0) -> float:
    """Energy in kWh of ``seconds`` of work at an assumed average power of ``watts``."""
    if seconds < 0 or watts <= 0:
        raise ValueError(f"seconds must be >= 0 and watts > 0, got seconds={seconds}, watts={watts}")
    return round(seconds * watts / 3.6e6, 9)


def course_training_runs(checkpoints: str | Path | None = None) -> pd.DataFrame:
    """The wall time of every shipped training run whose checkpoint records one.

    Reads ``tiny/measurements.json`` (``train.train_seconds``), ``attributes/info.json``
    (``seconds``) and every ``*/dp_info.json`` (``train_seconds``).
    """
    root = Path(checkpoints) if checkpoints else CHECKPOINTS
    rows = []
    m = root / "tiny" / "measurements.json"
    if m.exists():
        t = json.loads(m.read_text())["train"]
        rows.append(("tiny generator (6,000 steps)", float(t["train_seconds"]), f"{t['device']}, {t['torch_threads']} threads"))
    a = root / "attributes" / "info.json"
    if a.exists():
        rows.append(("attribute classifier", float(json.loads(a.read_text())["seconds"]), "cpu"))
    for p in sorted(root.glob("*/dp_info.json")):
        d = json.loads(p.read_text())
        rows.append((f"{p.parent.name} ({d['steps']} steps{', DP-SGD' if d.get('dp') else ''})",
                     float(d["train_seconds"]), "cpu"))
    if not rows:
        raise FileNotFoundError(f"no training records under {root}")
    return pd.DataFrame(rows, columns=["run", "seconds", "hardware"])


def sampling_seconds(checkpoints: str | Path | None = None) -> float:
    """Recorded seconds to generate 16 images with the tiny model (its ``measurements.json``)."""
    m = (Path(checkpoints) if checkpoints else CHECKPOINTS) / "tiny" / "measurements.json"
    if not m.exists():
        raise FileNotFoundError(f"no measurements at {m}")
    return float(json.loads(m.read_text())["seconds_16_images"])


def energy_table(runs: pd.DataFrame, watts: float = 30.0, include_gpt3: bool = True) -> pd.DataFrame:
    """Add ``kwh`` (time x ``watts``) to ``runs`` and, optionally, the published GPT-3 estimate."""
    if runs.empty:
        raise ValueError("no runs")
    out = runs.assign(kwh=[energy_kwh(s, watts) for s in runs["seconds"]], source=f"measured time x {watts:g} W (assumed)")
    if include_gpt3:
        g = GPT3_TRAINING
        out = pd.concat([out, pd.DataFrame([{"run": "GPT-3 training (estimate)", "seconds": g["days"] * 86400.0,
                                             "hardware": f"{g['gpus']} A100 GPUs", "kwh": g["energy_kwh"],
                                             "source": g["source"]}])], ignore_index=True)
    return out


def plot_energy(table: pd.DataFrame, ax=None):
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


def plot_survey(ax=None, confidence_ax=None):
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
