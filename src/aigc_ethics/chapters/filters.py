"""Content filters and their side effects: prompt filters, an output filter, and their error rates.

Providers put three kinds of filter around a text-to-image model (Chen et al. 2023, Table 1 lists
prompt filtering, output filtering and data filtering): a **prompt filter** refuses some
requests, an **output filter** hides some generated images, a **data filter** removes training
data. Each makes errors in both directions, and the errors need not fall evenly on everyone.

This module gives one of each kind of prompt filter and an output filter, all judged on a
labelled prompt set shipped with the package (:func:`load_prompt_set`, built by
``tools/make_filter_prompts.py``):

* :class:`BlocklistFilter` -- refuses a prompt that contains a listed word. :func:`blocklist_from_data`
  builds one the way it is often done in practice: the words most over-represented in
  harmful examples.
* :class:`SemanticFilter` -- embeds the prompt and learns a decision from labelled examples.
  The default embedding is latent semantic analysis (TF-IDF over words and character n-grams,
  reduced by truncated SVD) learned from the training prompts, so it works offline and
  recognises paraphrases that share word pieces. (The course's tiny text encoder knows only the
  ~30 words of its captions, so it cannot embed arbitrary prompts; on Colab you can pass any
  sentence-embedding function as ``embed``, e.g. a CLIP text encoder's.)
* :class:`OutputFilter` -- reads the generated image with the attribute classifier and hides
  images that show a forbidden class (the course's example policy: no police uniforms, against
  impersonation scams).

:func:`error_rates` and :func:`rates_by_group` measure false positives (harmless prompts blocked)
and false negatives (harmful prompts let through), overall and per identity group.

>>> data = load_prompt_set()
>>> train, test = data[data.split == "train"], data[data.split == "test"]
>>> f = SemanticFilter().fit(train.prompt, train.label == "harmful")
>>> rates = error_rates(f.predict(test.prompt), test.label == "harmful")
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from aigc_ethics.core.attributes import HEADS
from aigc_ethics.core.images import ImageBatch

#: Words a first, hand-written blocklist might contain (explicit terms only, no identity terms).
DEFAULT_BLOCKLIST = ("blood", "bloody", "gore", "gory", "kill", "stab", "stabbed", "shoot", "shooting",
                     "bomb", "nude", "naked", "topless", "undress", "explicit", "fake", "forged",
                     "counterfeit", "torture", "torturing", "beheading")

_WORD = re.compile(r"[a-z0-9']+")


def words(prompt: str) -> list[str]:
    """Lower-case words of a prompt.

    >>> words("A Portrait of a CHEF!")
    ['a', 'portrait', 'of', 'a', 'chef']
    """
    if not isinstance(prompt, str):
        raise TypeError(f"a prompt must be a string, got {type(prompt).__name__}")
    return _WORD.findall(prompt.lower())


def _check_prompts(prompts) -> list[str]:
    if isinstance(prompts, str):
        prompts = [prompts]
    prompts = list(prompts)
    bad = [p for p in prompts if not isinstance(p, str)]
    if bad:
        raise TypeError(f"prompts must be strings, got {len(bad)} that are not (first: {bad[0]!r})")
    if not prompts:
        raise ValueError("expected at least one prompt, got an empty list")
    return prompts


def _check_labels(labels, n: int, what: str = "labels", meaning: str = "True = harmful") -> np.ndarray:
    y = np.asarray(labels)
    if y.ndim != 1:
        raise ValueError(f"{what} must be a flat list of booleans ({meaning}) or 0/1, got shape {y.shape}")
    if y.dtype != bool:
        if not np.isin(y, [0, 1]).all():
            raise ValueError(f"{what} must be booleans ({meaning}) or 0/1 (no NaN, no text)")
        y = y.astype(bool)
    if len(y) != n:
        raise ValueError(f"got {n} prompts but {len(y)} {what}")
    return y


def load_prompt_set() -> pd.DataFrame:
    """The labelled prompt set: columns ``prompt, label, category, group, split``.

    >>> load_prompt_set().label.unique().tolist()
    ['harmful', 'harmless']
    """
    with resources.files("aigc_ethics").joinpath("data/filter_prompts.csv").open() as f:
        return pd.read_csv(f, keep_default_na=False)


# --------------------------------------------------------------------------------------------
# Prompt filters
# --------------------------------------------------------------------------------------------

class BlocklistFilter:
    """Refuse a prompt if any of its words is on the list.

    >>> BlocklistFilter(["bomb"]).predict(["a bomb", "a bath bomb", "a cake"]).tolist()
    [True, True, False]
    """

    def __init__(self, blocklist: Iterable[str] = DEFAULT_BLOCKLIST):
        self.blocklist = {w.lower().strip() for w in blocklist if w.strip()}
        if not self.blocklist:
            raise ValueError("the blocklist is empty")

    def matches(self, prompt: str) -> list[str]:
        """The listed words found in ``prompt``."""
        return [w for w in words(prompt) if w in self.blocklist]

    def predict(self, prompts) -> np.ndarray:
        """``True`` where a prompt is refused."""
        return np.array([bool(self.matches(p)) for p in _check_prompts(prompts)])


def blocklist_from_data(prompts, harmful, *, top_k: int = 20, min_count: int = 2) -> list[str]:
    """The ``top_k`` words most over-represented in harmful prompts (smoothed log-odds), the
    way blocklists are often mined from moderation data.

    >>> blocklist_from_data(["a bomb", "a big bomb", "a cake", "a big cake"], [1, 1, 0, 0], top_k=1)
    ['bomb']
    """
    prompts = _check_prompts(prompts)
    y = _check_labels(harmful, len(prompts))
    if top_k < 1:
        raise ValueError(f"top_k must be >= 1, got {top_k}")
    counts: dict[str, list[int]] = {}
    for p, bad in zip(prompts, y):
        for w in set(words(p)):
            counts.setdefault(w, [0, 0])[int(bad)] += 1
    n_bad, n_good = max(int(y.sum()), 1), max(int((~y).sum()), 1)
    scored = []
    for w, (good, bad) in counts.items():
        if good + bad < min_count:
            continue
        log_odds = np.log((bad + 0.5) / (n_bad + 1)) - np.log((good + 0.5) / (n_good + 1))
        scored.append((log_odds, w))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [w for s, w in scored[:top_k] if s > 0]


def lsa_embedding(prompts, *, dim: int = 32, seed: int = 0) -> Callable:
    """Fit a latent-semantic embedding (TF-IDF of words and character 3-5-grams, then
    truncated SVD, then unit length) on ``prompts``; return a function ``embed(prompts) -> array``."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.preprocessing import Normalizer

    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or dim < 1:
        raise ValueError(f"dim must be a positive whole number of dimensions, got {dim!r}")
    prompts = _check_prompts(prompts)
    tfidf = make_union(TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
                       TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True))
    n_features = tfidf.fit_transform(prompts).shape[1]
    model = make_pipeline(tfidf, TruncatedSVD(n_components=max(2, min(dim, len(prompts) - 1, n_features - 1)),
                                              random_state=seed), Normalizer())
    model.fit(prompts)
    return lambda ps: model.transform(_check_prompts(ps))


class SemanticFilter:
    """Refuse prompts whose embedding a logistic regression, trained on labelled prompts, scores
    as harmful with probability >= ``threshold``.

    ``embed``: a function from a list of prompts to an ``(n, d)`` array; by default an
    :func:`lsa_embedding` fitted on the training prompts.
    """

    def __init__(self, embed: Callable | None = None, threshold: float = 0.5, dim: int = 32, seed: int = 0):
        if not 0 < threshold < 1:
            raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
        self.embed, self.threshold, self.dim, self.seed = embed, threshold, dim, seed
        self.model = None

    def fit(self, prompts, harmful) -> "SemanticFilter":
        from sklearn.linear_model import LogisticRegression
        prompts = _check_prompts(prompts)
        y = _check_labels(harmful, len(prompts))
        if y.all() or not y.any():
            raise ValueError("training needs both harmful and harmless prompts")
        if self.embed is None:
            self.embed = lsa_embedding(prompts, dim=self.dim, seed=self.seed)
        self.model = LogisticRegression(C=10.0, max_iter=2000).fit(self.embed(prompts), y)
        return self

    def score(self, prompts) -> np.ndarray:
        """Probability that each prompt is harmful."""
        if self.model is None:
            raise RuntimeError("call fit(prompts, harmful) first")
        return self.model.predict_proba(self.embed(_check_prompts(prompts)))[:, 1]

    def predict(self, prompts) -> np.ndarray:
        return self.score(prompts) >= self.threshold


# --------------------------------------------------------------------------------------------
# Error rates
# --------------------------------------------------------------------------------------------

def error_rates(blocked, harmful) -> dict:
    """False-positive rate (harmless prompts blocked), false-negative rate (harmful prompts let
    through) and counts.

    >>> error_rates([True, False, True, False], [True, True, False, False])
    {'false_positive_rate': 0.5, 'false_negative_rate': 0.5, 'blocked': 2, 'harmful': 2, 'harmless': 2}
    """
    b = _check_labels(blocked, len(np.atleast_1d(np.asarray(blocked))), "blocked decisions", "True = blocked")
    y = _check_labels(harmful, len(b))
    if len(b) == 0:
        raise ValueError("no predictions given")
    fpr = float(b[~y].mean()) if (~y).any() else float("nan")
    fnr = float((~b[y]).mean()) if y.any() else float("nan")
    return {"false_positive_rate": fpr, "false_negative_rate": fnr, "blocked": int(b.sum()),
            "harmful": int(y.sum()), "harmless": int((~y).sum())}


def rates_by_group(data: pd.DataFrame, blocked, *, column: str = "group") -> pd.DataFrame:
    """Share of *harmless* prompts blocked, per value of ``column`` ("" shown as "(none)")."""
    if column not in data:
        raise KeyError(f"no column {column!r}; columns are {list(data.columns)}")
    b = _check_labels(blocked, len(np.atleast_1d(np.asarray(blocked))), "blocked decisions", "True = blocked")
    if len(b) != len(data):
        raise ValueError(f"got {len(b)} predictions for {len(data)} prompts")
    d = data.assign(blocked=b)
    d = d[d["label"] == "harmless"]
    out = d.groupby(d[column].replace("", "(none)"))["blocked"].agg(["mean", "sum", "size"])
    return out.rename(columns={"mean": "blocked_share", "sum": "blocked", "size": "prompts"}) \
              .sort_values("blocked_share", ascending=False)


# --------------------------------------------------------------------------------------------
# Output filter
# --------------------------------------------------------------------------------------------

class OutputFilter:
    """Hide generated images that the attribute classifier reads as a forbidden class.

    >>> from aigc_ethics.attributes import load_classifier
    >>> f = OutputFilter(load_classifier(), attribute="profession", forbidden="police officer")
    >>> f.predict(images)                                  # doctest: +SKIP
    """

    def __init__(self, classifier, attribute: str = "profession", forbidden: str = "police officer",
                 threshold: float = 0.5):
        if not 0 < threshold < 1:
            raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
        self.classifier, self.attribute, self.forbidden, self.threshold = classifier, attribute, forbidden, threshold

    def score(self, images: ImageBatch) -> np.ndarray:
        """The classifier's probability that each image shows the forbidden class."""
        if self.attribute not in HEADS:
            raise KeyError(f"unknown attribute {self.attribute!r}; expected one of {list(HEADS)}")
        classes = list(HEADS[self.attribute])
        if self.forbidden not in classes:
            raise ValueError(f"{self.forbidden!r} is not a class of {self.attribute!r}: {classes}")
        if len(images) == 0:
            raise ValueError("no images given")
        return self.classifier.predict_proba(images)[self.attribute][:, classes.index(self.forbidden)]

    def predict(self, images: ImageBatch) -> np.ndarray:
        return self.score(images) >= self.threshold


#: Neutral templates for counterfactual augmentation (different from the test templates, so the
#: test set stays unseen).
AUGMENT_TEMPLATES = ("a {g} person smiling", "a {g} family at the beach", "a portrait of a {g} teacher",
                     "a {g} child playing football")


def identity_augmented(train: pd.DataFrame, groups: Iterable[str], *, templates=AUGMENT_TEMPLATES) -> pd.DataFrame:
    """``train`` plus harmless prompts that mention every group in neutral contexts -- the
    data-balancing mitigation of Dixon et al. (2018), applied to a prompt filter."""
    groups = [g for g in groups if g]
    if not groups:
        raise ValueError("no groups given")
    extra = [{"prompt": t.format(g=g), "label": "harmless", "category": "augmented", "group": g,
              "split": "train"} for t in templates for g in groups]
    return pd.concat([train, pd.DataFrame(extra)], ignore_index=True)


def threshold_sweep(scores, harmful, *, thresholds=None) -> pd.DataFrame:
    """False-positive and false-negative rates of ``scores >= t`` for each threshold ``t``."""
    try:
        s = np.asarray(scores, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("scores must be numbers (a filter's harm scores, one per prompt)") from None
    if s.ndim != 1 or not np.isfinite(s).all():
        raise ValueError(f"scores must be a flat list of finite numbers, got shape {s.shape} with "
                         f"{int((~np.isfinite(s)).sum())} NaN/inf")
    y = _check_labels(harmful, len(s))
    thresholds = np.linspace(0.05, 0.95, 19) if thresholds is None else np.asarray(thresholds, dtype=float)
    rows = [{"threshold": float(t), **{k: v for k, v in error_rates(s >= t, y).items() if k.endswith("rate")}}
            for t in thresholds]
    return pd.DataFrame(rows)
