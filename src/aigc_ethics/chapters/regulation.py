"""Rules on synthetic media by jurisdiction, mapped to the technical controls of the course.

The data live in ``aigc_ethics/data/regulations.csv``: one row per instrument, with its date,
status, what it requires, the controls that requirement calls for, a source address, how far
that source was read (``verification``) and when the row was last reviewed. It is a teaching
summary, not legal advice: rows whose source was not read say so.

>>> from aigc_ethics.regulation import load_regulations, control_matrix
>>> control_matrix(load_regulations()).loc["European Union", "label"]   # doctest: +SKIP
3
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from aigc_ethics.core.images import OKABE_ITO

#: The technical controls taught in the course, in the order the course teaches them.
CONTROLS = ("label", "watermark", "provenance", "consent", "takedown")

#: Where the course teaches each control (chapter page and what to look for).
WHERE_TAUGHT = {
    "label": "Misinformation: visible disclosure and why people miss it",
    "watermark": "Intellectual property / misinformation: invisible and Tree-Ring watermarks, and their robustness",
    "provenance": "Misinformation: signed content credentials (C2PA) and what strips them",
    "consent": "Privacy and IP: opt-out, deduplication, a person's name in a caption",
    "takedown": "Privacy: what a removal request can and cannot undo in a trained model",
}

COLUMNS = ("id", "jurisdiction", "instrument", "date", "status", "requirement", "controls",
           "applies_to", "in_study_000", "source_url", "verification", "last_reviewed")


def _data_path() -> Path:
    return Path(str(resources.files("aigc_ethics") / "data" / "regulations.csv"))


def load_regulations(path: str | Path | None = None) -> pd.DataFrame:
    """Load and validate the regulations table.

    Adds one boolean column per control (``label``, ``watermark``, ...), a parsed ``date``,
    ``source_read`` (False where the row says its source was not read) and ``in_force``.

    >>> df = load_regulations()
    >>> df[df.watermark].jurisdiction.nunique() >= 3
    True
    """
    path = Path(path) if path is not None else _data_path()
    if not path.exists():
        raise FileNotFoundError(f"no regulations table at {path}")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise ValueError(f"the regulations table at {path} is not a readable CSV with the columns {list(COLUMNS)}: "
                         f"{str(err).strip().splitlines()[-1]}") from None
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"the regulations table lacks the columns {missing}; expected {list(COLUMNS)}")
    if df.empty:
        raise ValueError("the regulations table is empty")
    if df["id"].duplicated().any():
        raise ValueError(f"duplicate ids: {sorted(df.loc[df['id'].duplicated(), 'id'])}")
    df = df.copy()
    for column in ("date", "last_reviewed"):
        parsed = pd.to_datetime(df[column], format="%Y-%m-%d", errors="coerce")
        if parsed.isna().any():
            i = parsed.isna().idxmax()
            raise ValueError(f"row {df.loc[i, 'id']!r}: {column} must be a date written YYYY-MM-DD, "
                             f"got {df.loc[i, column]!r}")
        df[column] = parsed
    for i, cell in zip(df["id"], df["controls"]):
        unknown = {c for c in cell.split(";") if c} - set(CONTROLS)
        if unknown or not cell:
            raise ValueError(f"row {i!r}: controls must be ';'-separated names from {CONTROLS}, got {cell!r}")
    for c in CONTROLS:
        df[c] = df["controls"].str.split(";").apply(lambda cs, c=c: c in cs)
    df["source_read"] = ~df["verification"].str.startswith("not read")
    df["in_force"] = df["status"].str.startswith("in force") | df["status"].str.startswith("adopted")
    df["in_study_000"] = df["in_study_000"].map({"yes": True, "no": False})
    if df["in_study_000"].isna().any():
        raise ValueError("in_study_000 must be 'yes' or 'no'")
    return df.reset_index(drop=True)


def filter_regulations(df: pd.DataFrame, *, jurisdiction: str | None = None, control: str | None = None,
                       in_force_only: bool = False, text: str = "") -> pd.DataFrame:
    """Rows matching a jurisdiction (substring, case-insensitive), a control, force and free text.

    >>> filter_regulations(load_regulations(), jurisdiction="united states", control="takedown").shape[0] > 0
    True
    """
    if control is not None and control not in CONTROLS:
        raise ValueError(f"control must be one of {CONTROLS}, got {control!r}")
    keep = pd.Series(True, index=df.index)
    if jurisdiction:
        keep &= df["jurisdiction"].str.contains(jurisdiction, case=False, regex=False)
    if control:
        keep &= df[control]
    if in_force_only:
        keep &= df["in_force"]
    if text:
        blob = (df["instrument"] + " " + df["requirement"]).str.lower()
        keep &= blob.str.contains(text.lower(), regex=False)
    return df[keep]


def control_matrix(df: pd.DataFrame, *, by: str = "country") -> pd.DataFrame:
    """Number of rules requiring each control, per country (``by="country"``: US states are
    merged into "United States") or per exact ``jurisdiction``."""
    if by not in ("country", "jurisdiction"):
        raise ValueError(f"by must be 'country' or 'jurisdiction', got {by!r}")
    if df.empty:
        raise ValueError("no rows to count")
    key = df["jurisdiction"].str.replace(r"\s*\(.*\)$", "", regex=True) if by == "country" else df["jurisdiction"]
    return df.groupby(key)[list(CONTROLS)].sum().astype(int).rename_axis(by)


def required_controls(df: pd.DataFrame, jurisdictions, *, in_force_only: bool = True) -> list[str]:
    """Controls required by at least one (in-force) rule in any of ``jurisdictions``.

    >>> required_controls(load_regulations(), ["China"])
    ['consent', 'label', 'provenance', 'takedown', 'watermark']
    """
    if isinstance(jurisdictions, str):
        jurisdictions = [jurisdictions]
    rows = pd.concat([filter_regulations(df, jurisdiction=j, in_force_only=in_force_only) for j in jurisdictions])
    return sorted(c for c in CONTROLS if rows[c].any()) if len(rows) else []


def markdown_table(df: pd.DataFrame) -> str:
    """The static table for the book: one line per rule, with controls and source."""
    lines = ["| Jurisdiction | Instrument | Date | Status | Controls | Source |", "|---|---|---|---|---|---|"]
    for _, r in df.sort_values(["jurisdiction", "date"]).iterrows():
        src = f"[link]({r.source_url})" if r.source_url else "—"
        src += "" if r.source_read else " (not read)"
        lines.append(f"| {r.jurisdiction} | {r.instrument} | {r.date:%Y-%m-%d} | {r.status} | "
                     f"{', '.join(c for c in CONTROLS if r[c])} | {src} |")
    return "\n".join(lines) + "\n"


def plot_control_matrix(df: pd.DataFrame, *, ax=None):
    """Heat map of :func:`control_matrix` (cividis, colour-blind safe) with counts written in."""
    import matplotlib.pyplot as plt
    m = control_matrix(df)
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 0.45 * len(m) + 1.2))
    ax.imshow(m.values, cmap="cividis", aspect="auto", vmin=0)
    ax.set_xticks(range(len(CONTROLS)), CONTROLS)
    ax.set_yticks(range(len(m)), m.index)
    top = m.values.max()
    for (i, j), v in np.ndenumerate(m.values):
        ax.text(j, i, str(v), ha="center", va="center", color="black" if v > top / 2 else "white")
    ax.set_title("Rules that call for each control (count)", fontsize=10)
    return ax


def plot_timeline(df: pd.DataFrame, *, ax=None):
    """Each rule as a point on a time line, one row per country, marker by status."""
    import matplotlib.pyplot as plt
    key = df["jurisdiction"].str.replace(r"\s*\(.*\)$", "", regex=True)
    countries = sorted(key.unique())
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.45 * len(countries) + 1.2))
    for k, (label, mask) in enumerate([("in force or adopted", df["in_force"]), ("bill, proposal or voluntary", ~df["in_force"])]):
        sub = df[mask]
        ax.scatter(sub["date"], [countries.index(c) for c in key[mask]], marker="o" if k == 0 else "x",
                   s=50, color=OKABE_ITO[k], label=label)
    ax.set_yticks(range(len(countries)), countries)
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title("When rules on synthetic media were made (date in force, or introduced)", fontsize=10)
    return ax


def explorer(df: pd.DataFrame | None = None):
    """An ipywidgets explorer: pick a jurisdiction, a control, in-force only, and search text."""
    import ipywidgets as w
    from IPython.display import HTML, display
    df = load_regulations() if df is None else df
    countries = ["(all)"] + sorted(df["jurisdiction"].str.replace(r"\s*\(.*\)$", "", regex=True).unique())
    cols = ["jurisdiction", "instrument", "date", "status", "requirement", "controls", "verification"]

    def show(jurisdiction, control, in_force_only, text):
        rows = filter_regulations(df, jurisdiction=None if jurisdiction == "(all)" else jurisdiction,
                                  control=None if control == "(any)" else control, in_force_only=in_force_only, text=text)
        print(f"{len(rows)} of {len(df)} rules")
        view = rows[cols].assign(date=rows["date"].dt.strftime("%Y-%m-%d"))
        display(HTML(view.to_html(index=False)))

    return w.interactive(show, jurisdiction=w.Dropdown(options=countries, description="where"),
                         control=w.Dropdown(options=("(any)",) + CONTROLS, description="control"),
                         in_force_only=w.Checkbox(value=False, description="in force only"),
                         text=w.Text(value="", description="search"))
