"""Paying creators: turn a month of generations into a royalty split (lesson 38).

Three rules share one pool of money among the contributors of a training set:

* :func:`split_by_training` -- pro rata by each contributor's number of training works (what
  Shutterstock's Contributor Fund describes for its data deals);
* :func:`split_by_attribution` -- by how many generations an attribution method (here: the
  course's style classifier) assigns to each contributor;
* :func:`split_by_naming` -- by how many prompts name each contributor.

:func:`concentration` measures how concentrated a split is (share to the top contributor and to
the top 10 %, Gini, HHI). :func:`simulate_month` builds a seeded month of prompts and resamples a
small pool of real generations into it; :func:`training_works` adds a synthetic long tail of small
contributors to the six fictional artists so that "the top 10 %" means something.

>>> pay = split_by_training(1000.0, pd.Series({"a": 3, "b": 1}))
>>> pay.round(1).to_dict()
{'a': 750.0, 'b': 250.0}
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from aigc_ethics.core.datasets import ARTISTS, artist_prompt, composition_table
from aigc_ethics.core.generate import Pipeline, generate_many

#: What a generation the style classifier reads as no artwork, or a prompt naming nobody, is given.
NOBODY = ""
STYLE_TO_ARTIST = {style: artist for artist, style in ARTISTS.items()}
#: The three rules, in the order the lesson shows them.
RULES = ("training share", "attribution", "prompt naming")


# --------------------------------------------------------------------------------------------
# Inputs: who contributed how much, and a month of generations
# --------------------------------------------------------------------------------------------

def training_works(dataset, *, tail: int = 194, tail_fraction: float = 0.4, seed: int = 0) -> pd.Series:
    """Number of training works per contributor: the six fictional artists (counted in
    ``dataset`` with :func:`~aigc_ethics.core.datasets.composition_table`) plus ``tail`` synthetic
    small contributors ``"c001"``, ``"c002"``, ... who together hold about ``tail_fraction`` of all
    works (log-normal sizes, at least one work each). The tail is an assumption of the lesson, not
    part of the synthetic world: it stands for the many small contributors of a real data set.

    >>> from aigc_ethics.core.datasets import make_dataset
    >>> works = training_works(make_dataset(seed=0, scale=0.1), tail=4)     # doctest: +SKIP
    >>> len(works)                                                          # doctest: +SKIP
    10
    """
    if isinstance(tail, bool) or not isinstance(tail, (int, np.integer)) or tail < 0:
        raise ValueError(f"tail must be a non-negative integer, got {tail!r}")
    if not 0 <= tail_fraction < 1:
        raise ValueError(f"tail_fraction must be in [0, 1), got {tail_fraction!r}")
    table = composition_table(dataset)
    art = table[table.family == "artwork"]
    counts = pd.Series({c.split(" ")[0]: int(n) for c, n in zip(art["class"], art["images"])}, dtype=int)
    if tail:
        rng = np.random.default_rng(seed)
        size = rng.lognormal(0.0, 1.0, tail)
        total = counts.sum() * tail_fraction / (1 - tail_fraction)
        small = np.maximum(1, np.round(size / size.sum() * total)).astype(int)
        counts = pd.concat([counts, pd.Series(small, index=[f"c{i + 1:03d}" for i in range(tail)])])
    return counts.rename("works")


def attribute_styles(styles) -> list[str]:
    """The artist each style read belongs to (:data:`~aigc_ethics.core.datasets.ARTISTS`);
    :data:`NOBODY` for a read that is no artist's style (``""``, ``"(not an artwork)"``).

    >>> attribute_styles(["rings", "", "grids"])
    ['quist', '', 'brenn']
    """
    return [STYLE_TO_ARTIST.get(str(s), NOBODY) for s in styles]


def generation_pool(pipe: Pipeline, classifier, *, n_named: int = 8, n_unnamed: int = 16, unnamed_prompt: str = "an artwork",
                    seed: int = 0, progress: bool = False) -> dict:
    """Generate a small pool and attribute each generation by its style.

    ``n_named`` images for each prompt naming one of the six artists ("a painting in the style
    of <artist>") and ``n_unnamed`` for ``unnamed_prompt``, which names nobody; each image is
    attributed to the artist whose style ``classifier`` reads in it (:func:`attribute_styles`).
    Returns ``{named artist or NOBODY: [attributed artist, ...]}``, the input of :func:`simulate_month`.

    >>> pool = generation_pool(load_pipeline("tiny"), load_classifier())   # doctest: +SKIP
    >>> pool["quist"][:3]                                                  # doctest: +SKIP
    ['quist', 'quist', 'quist']
    """
    for name, value in (("n_named", n_named), ("n_unnamed", n_unnamed)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    prompts = {NOBODY: (unnamed_prompt, n_unnamed), **{a: (artist_prompt(a), n_named) for a in ARTISTS}}
    pool = {}
    for k, (artist, (prompt, n)) in enumerate(tqdm(prompts.items(), desc="generating", disable=not progress)):
        images = generate_many(pipe, prompt, n, seed=seed * 1000 + k)
        pool[artist] = attribute_styles(classifier.predict(images)["style"])
    return pool


def simulate_month(pool: dict, *, n: int = 10_000, naming_share: float = 0.3, popularity=None,
                   seed: int = 0) -> pd.DataFrame:
    """A month of ``n`` generations resampled from a small pool of real ones.

    ``pool`` maps a prompt's named artist (or :data:`NOBODY` for prompts naming nobody) to the
    attributions of the generations made for it (a list of artist names, :data:`NOBODY` for
    unattributed). Each simulated generation names an artist with probability ``naming_share``,
    chosen by ``popularity`` (weights per artist; default: Zipf, 1/rank, in the order of the
    pool's keys), and then draws one attribution from that prompt's pool.

    Returns a frame with columns ``named`` and ``attributed``.

    >>> month = simulate_month({"": ["a", ""], "a": ["a"]}, n=100, naming_share=0.5)
    >>> sorted(month.columns)
    ['attributed', 'named']
    """
    if not isinstance(pool, dict) or NOBODY not in pool:
        raise ValueError("pool must be a dict with an entry for prompts naming nobody (key '')")
    if any(len(v) == 0 for v in pool.values()):
        raise ValueError("every prompt in pool needs at least one generation")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if not 0 <= naming_share <= 1:
        raise ValueError(f"naming_share must be in [0, 1], got {naming_share!r}")
    named_keys = [k for k in pool if k != NOBODY]
    if popularity is None:
        popularity = {k: 1 / (r + 1) for r, k in enumerate(named_keys)}
    weights = np.array([float(popularity.get(k, 0.0)) for k in named_keys])
    if named_keys and (weights.min() < 0 or weights.sum() <= 0):
        raise ValueError("popularity must give non-negative weights, not all zero, to the named artists")
    rng = np.random.default_rng(seed)
    names = rng.random(n) < naming_share if named_keys else np.zeros(n, bool)
    named = np.full(n, NOBODY, dtype=object)
    if names.any():
        named[names] = rng.choice(named_keys, size=int(names.sum()), p=weights / weights.sum())
    attributed = [pool[k][rng.integers(len(pool[k]))] for k in named]
    return pd.DataFrame({"named": named, "attributed": attributed})


# --------------------------------------------------------------------------------------------
# The three rules
# --------------------------------------------------------------------------------------------

def _check_pool(pool) -> float:
    if isinstance(pool, bool) or not isinstance(pool, (int, float, np.integer, np.floating)) or not pool >= 0:
        raise ValueError(f"pool must be a non-negative amount of money, got {pool!r}")
    return float(pool)


def _check_works(works) -> pd.Series:
    if not isinstance(works, pd.Series) or len(works) == 0:
        raise TypeError("works must be a non-empty pandas Series: number of training works per contributor")
    if works.index.has_duplicates:
        raise ValueError("works lists a contributor twice")
    values = works.to_numpy(dtype=float)
    if not np.isfinite(values).all() or (values < 0).any():
        raise ValueError("works must be finite, non-negative counts")
    if values.sum() <= 0:
        raise ValueError("no contributor has any training works: nothing to split by")
    return works.astype(float)


def split_by_training(pool: float, works: pd.Series) -> pd.Series:
    """Pay ``pool`` pro rata to each contributor's number of training ``works``.

    A contributor with no works is kept, with 0.

    >>> split_by_training(90.0, pd.Series({"a": 2, "b": 1, "c": 0})).to_dict()
    {'a': 60.0, 'b': 30.0, 'c': 0.0}
    """
    pool, works = _check_pool(pool), _check_works(works)
    return (pool * works / works.sum()).rename("payout")


def _split_by_counts(pool: float, names, works: pd.Series, what: str) -> pd.Series:
    pool, works = _check_pool(pool), _check_works(works)
    names = pd.Series(list(names), dtype=object)
    if len(names) == 0:
        raise ValueError(f"no {what}s given: cannot split a pool over an empty month")
    counted = names[names != NOBODY]
    unknown = sorted(set(counted) - set(works.index))
    if unknown:
        raise ValueError(f"{what} names contributors not in the training data: {unknown[:5]}")
    empty = sorted(a for a in set(counted) if works[a] == 0)
    if empty:
        raise ValueError(f"{what} names contributors with no training works: {empty[:5]}")
    counts = counted.value_counts().reindex(works.index, fill_value=0).astype(float)
    if counts.sum() == 0:   # nobody named / attributed: the rule pays nobody
        return (counts * 0.0).rename("payout")
    return (pool * counts / counts.sum()).rename("payout")


def split_by_attribution(pool: float, attributed, works: pd.Series) -> pd.Series:
    """Pay ``pool`` in proportion to how many generations are attributed to each contributor.

    ``attributed``: one name per generation (:data:`NOBODY` for a generation attributed to
    nobody; those carry no money, the pool is shared among the attributed ones). Raises
    ``ValueError`` for an empty month, a name not in ``works``, or a contributor with no works.

    >>> split_by_attribution(100.0, ["a", "a", "", "b"], pd.Series({"a": 1, "b": 5})).round(2).to_dict()
    {'a': 66.67, 'b': 33.33}
    """
    return _split_by_counts(pool, attributed, works, "attribution")


def split_by_naming(pool: float, named, works: pd.Series) -> pd.Series:
    """Pay ``pool`` in proportion to how many prompts name each contributor (prompts naming
    nobody carry no money). Same validation as :func:`split_by_attribution`.

    >>> split_by_naming(10.0, ["b", "", ""], pd.Series({"a": 1, "b": 5})).to_dict()
    {'a': 0.0, 'b': 10.0}
    """
    return _split_by_counts(pool, named, works, "prompt naming")


def split_all(pool: float, month: pd.DataFrame, works: pd.Series) -> pd.DataFrame:
    """The three rules side by side: one column per rule (:data:`RULES`), one row per contributor."""
    if not isinstance(month, pd.DataFrame) or not {"named", "attributed"} <= set(month.columns):
        raise TypeError("month must be a DataFrame with columns 'named' and 'attributed' (see simulate_month)")
    return pd.DataFrame({"training share": split_by_training(pool, works),
                         "attribution": split_by_attribution(pool, month["attributed"], works),
                         "prompt naming": split_by_naming(pool, month["named"], works)})


# --------------------------------------------------------------------------------------------
# Concentration
# --------------------------------------------------------------------------------------------

def _payouts(payouts) -> np.ndarray:
    x = np.asarray(payouts, dtype=float).ravel()
    if x.size == 0:
        raise ValueError("payouts is empty")
    if not np.isfinite(x).all() or (x < 0).any():
        raise ValueError("payouts must be finite and non-negative")
    if x.sum() <= 0:
        raise ValueError("payouts sum to zero: nobody was paid, concentration is undefined")
    return x


def top_share(payouts, *, fraction: float = 0.1) -> float:
    """Share of the total paid to the top ``ceil(fraction * n)`` contributors (at least one).

    >>> top_share([5, 3, 1, 1], fraction=0.25)
    0.5
    """
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction!r}")
    x = _payouts(payouts)
    k = max(1, math.ceil(fraction * x.size - 1e-9))
    return float(np.sort(x)[::-1][:k].sum() / x.sum())


def gini(payouts) -> float:
    """Gini coefficient of the payouts: 0 when everyone gets the same, (n-1)/n when one gets all.

    >>> gini([1, 1, 1, 1])
    0.0
    >>> gini([0, 0, 0, 4])
    0.75
    """
    x = np.sort(_payouts(payouts))
    n = x.size
    return float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * x.sum()))


def hhi(payouts) -> float:
    """Herfindahl-Hirschman index: the sum of squared shares (1/n when equal, 1 when one gets all).

    >>> hhi([1, 1, 2])
    0.375
    """
    s = _payouts(payouts)
    s = s / s.sum()
    return float((s ** 2).sum())


def concentration(splits: pd.DataFrame, *, top: float = 0.1) -> pd.DataFrame:
    """One row per rule (a column of ``splits``): the share to the top contributor, to the top
    ``top`` fraction, to the six named artists vs the tail, the number paid anything, Gini, HHI."""
    if not isinstance(splits, pd.DataFrame) or splits.empty:
        raise TypeError("splits must be a non-empty DataFrame (see split_all)")
    rows = {}
    artists = [a for a in ARTISTS if a in splits.index]
    for rule in splits.columns:
        x = splits[rule]
        rows[rule] = {"top contributor": top_share(x, fraction=1 / len(x)),
                      f"top {top:.0%}": top_share(x, fraction=top),
                      "six artists": float(x[artists].sum() / x.sum()),
                      "paid anything": int((x > 0).sum()),
                      "Gini": gini(x), "HHI": hhi(x)}
    return pd.DataFrame(rows).T.rename_axis("rule")
