"""Text-and-data-mining opt-outs: read a machine-readable reservation file and honour it when
building a training set; the status of the law on training and outputs.

The reservation file follows the shape of the ``/.well-known/tdmrep.json`` file of the W3C
*TDM Reservation Protocol* (TDMRep, Community Group final report, 10 May 2024; vocabulary at
https://www.w3.org/ns/tdmrep): a JSON list of rules, each with a ``location`` (a path pattern,
``*`` as wildcard), ``tdm-reservation`` (1: TDM rights reserved, 0: not reserved) and an optional
``tdm-policy`` (URL of a licensing policy). In the course's synthetic world an artist's works live
at ``/works/<artist>/<index>`` and portraits at ``/portraits/<index>``. Simplification: the first
rule whose location matches a work decides; works no rule matches are not reserved.

The table of instruments and cases lives in ``aigc_ethics/data/law_of_training.csv`` (date, status
as of the day checked, source, checked date).
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from aigc_ethics.core.datasets import ARTISTS, SyntheticDataset

__all__ = ["parse_tdmrep", "work_locations", "reserved_mask", "honour_optouts", "OptOutReport",
           "load_law_table", "reserved_artists"]


def parse_tdmrep(text: str) -> pd.DataFrame:
    """Parse a TDMRep-style rules file into a table (``location``, ``reservation``, ``policy``).

    Parameters
    ----------
    text : str
        The JSON text of the file: a list of objects with ``location`` (starting with ``/``) and
        ``tdm-reservation`` (0 or 1), and optionally ``tdm-policy`` (a string).

    Raises
    ------
    ValueError
        if the text is not JSON, not a list, or a rule lacks a field or has a wrong value; the
        message names the rule and what was expected.

    Examples
    --------
    >>> parse_tdmrep('[{"location": "/works/quist/*", "tdm-reservation": 1}]')["reservation"].tolist()
    [1]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be the file's content as a str, got {type(text).__name__}")
    try:
        rules = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"the reservation file is not valid JSON ({err.msg} at line {err.lineno}); "
                         f"expected a JSON list of rules like "
                         f'[{{"location": "/works/quist/*", "tdm-reservation": 1}}]') from None
    if not isinstance(rules, list):
        raise ValueError(f"the reservation file must be a JSON list of rules, got a {type(rules).__name__}")
    rows = []
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict):
            raise ValueError(f"rule {i} must be an object with 'location' and 'tdm-reservation', got {rule!r}")
        if "location" not in rule or "tdm-reservation" not in rule:
            raise ValueError(f"rule {i} must have both 'location' and 'tdm-reservation'; it has {sorted(rule)}")
        loc, res = rule["location"], rule["tdm-reservation"]
        if not isinstance(loc, str) or not loc.startswith("/"):
            raise ValueError(f"rule {i}: 'location' must be a path starting with '/', got {loc!r}")
        if isinstance(res, bool) or res not in (0, 1):
            raise ValueError(f"rule {i}: 'tdm-reservation' must be 0 or 1, got {res!r}")
        policy = rule.get("tdm-policy", "")
        if not isinstance(policy, str):
            raise ValueError(f"rule {i}: 'tdm-policy' must be a URL string, got {policy!r}")
        rows.append({"location": loc, "reservation": int(res), "policy": policy})
    return pd.DataFrame(rows, columns=["location", "reservation", "policy"])


def _check_artists(rules: pd.DataFrame) -> None:
    for loc in rules["location"]:
        parts = loc.split("/")
        if len(parts) >= 3 and parts[1] == "works" and not any(c in parts[2] for c in "*?["):
            if parts[2] not in ARTISTS:
                raise ValueError(f"the rule for {loc!r} names an unknown artist {parts[2]!r}; "
                                 f"expected one of {tuple(ARTISTS)}")


def reserved_artists(rules: pd.DataFrame) -> set[str]:
    """Artists all of whose works a rule ``/works/<artist>/*`` reserves (first matching rule wins).

    >>> sorted(reserved_artists(parse_tdmrep('[{"location": "/works/zarek/*", "tdm-reservation": 1}]')))
    ['zarek']
    """
    _check_artists(rules)
    out = set()
    for artist in ARTISTS:
        probe = f"/works/{artist}/0"
        for loc, res in zip(rules["location"], rules["reservation"]):
            if fnmatch.fnmatchcase(probe, loc):
                if res == 1 and loc.rstrip("*").rstrip("/") in (f"/works/{artist}", "/works", ""):
                    out.add(artist)
                break
    return out


def work_locations(dataset: SyntheticDataset) -> list[str]:
    """The path of every item: ``/works/<artist>/<i>`` for artworks, ``/portraits/<i>`` otherwise
    (``i`` counts within the artist or within the portraits).

    >>> from aigc_ethics.datasets import make_dataset
    >>> work_locations(make_dataset(scale=0.02))[:1]  # doctest: +ELLIPSIS
    ['/...']
    """
    if not isinstance(dataset, SyntheticDataset):
        raise TypeError(f"dataset must be a SyntheticDataset (from make_dataset), got {type(dataset).__name__}")
    counts: dict[str, int] = {}
    out = []
    for artist in dataset.attributes["artist"].fillna("").astype(str):
        key = artist or ""
        n = counts.get(key, 0)
        counts[key] = n + 1
        out.append(f"/works/{artist}/{n}" if artist else f"/portraits/{n}")
    return out


def reserved_mask(dataset: SyntheticDataset, rules: pd.DataFrame) -> np.ndarray:
    """Boolean array, True where the first matching rule reserves TDM rights for that item.

    Raises ValueError if a rule names an artist who is not in the synthetic world.
    """
    if not isinstance(rules, pd.DataFrame) or not {"location", "reservation"} <= set(rules.columns):
        raise TypeError("rules must be the table returned by parse_tdmrep")
    _check_artists(rules)
    pats = list(zip(rules["location"], rules["reservation"]))
    mask = np.zeros(len(dataset), dtype=bool)
    for i, loc in enumerate(work_locations(dataset)):
        for pat, res in pats:
            if fnmatch.fnmatchcase(loc, pat):
                mask[i] = res == 1
                break
    return mask


@dataclass
class OptOutReport:
    """What honouring the reservations removed.

    ``kept`` is the filtered dataset; ``table`` has one row per artist (works, removed,
    share_removed) plus a row ``(portraits)``; ``removed`` and ``share_removed`` are totals over the
    whole dataset; ``no_works`` lists reserved artists with no work in the dataset (nothing to remove).
    """

    kept: SyntheticDataset
    table: pd.DataFrame
    removed: int
    share_removed: float
    no_works: list[str]


def honour_optouts(dataset: SyntheticDataset, rules: pd.DataFrame) -> OptOutReport:
    """Drop every reserved item before training and report what went.

    Examples
    --------
    >>> from aigc_ethics.datasets import make_dataset
    >>> r = honour_optouts(make_dataset(scale=0.05), parse_tdmrep('[{"location": "/works/quist/*", "tdm-reservation": 1}]'))
    >>> "quist" in set(r.kept.attributes["artist"])
    False
    """
    mask = reserved_mask(dataset, rules)
    artists = dataset.attributes["artist"].fillna("").astype(str).replace("", "(portraits)")
    table = pd.DataFrame({"works": artists.value_counts(),
                          "removed": artists[mask].value_counts()}).fillna(0).astype(int)
    table["share_removed"] = table["removed"] / table["works"]
    present = set(artists)
    no_works = sorted(a for a in reserved_artists(rules) if a not in present)
    return OptOutReport(kept=dataset.subset(~mask), table=table.rename_axis("artist"),
                        removed=int(mask.sum()), share_removed=float(mask.mean()) if len(mask) else 0.0,
                        no_works=no_works)


def load_law_table(path: str | Path | None = None) -> pd.DataFrame:
    """The instruments and cases on training and outputs, with date, status, source and the date
    each was checked (``aigc_ethics/data/law_of_training.csv``).

    >>> load_law_table().columns.tolist()[:3]
    ['item', 'jurisdiction', 'kind']
    """
    path = Path(path) if path is not None else Path(str(resources.files("aigc_ethics") / "data" / "law_of_training.csv"))
    table = pd.read_csv(path, dtype=str)
    need = {"item", "date", "status", "source", "checked"}
    if not need <= set(table.columns):
        raise ValueError(f"{path} must have the columns {sorted(need)}; it has {table.columns.tolist()}")
    return table
