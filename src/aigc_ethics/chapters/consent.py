"""Consent as a mechanism: a registry a generation service checks before it depicts an
identifiable (synthetic) person, an audit log, a disclosure label on every output, and a
simulation of reshares that shows what revocation can and cannot undo.

* :class:`ConsentRegistry` holds one record per person: ``person_id``, ``name``, ``purposes``
  (the scope: what the person agreed to be depicted for), ``granted``, ``expires`` (last valid
  day, inclusive) and ``revoked`` (the day the person withdrew; ``None`` if never). Days are
  integers (day 0 is the start of the simulation). :meth:`ConsentRegistry.decide` answers a
  request with ``(allowed, reason)``.
* :class:`GenerationService` checks the registry, appends every request to an audit log and
  labels every image it releases with the IPTC digital source type and a C2PA-style manifest
  (both from :mod:`aigc_ethics.chapters.provenance`), plus a consent reference in the manifest.
* :func:`simulate_shares` is a seeded branching process: each copy made on one day is reshared
  on the next day a Poisson number of times. Revocation stops new generations; it does not
  recall copies already shared.

Every person here is invented; the "image of the person" is a synthetic portrait drawn by
:func:`aigc_ethics.core.datasets.render_portrait`.

>>> reg = ConsentRegistry([{"person_id": "P01", "name": "Ada Quell", "purposes": ["education"],
...                         "granted": 0, "expires": 30, "revoked": None}])
>>> reg.decide("P01", "education", day=5)
(True, 'allowed')
>>> reg.decide("P01", "advertising", day=5)
(False, 'out of scope')
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from aigc_ethics.chapters import provenance as P
from aigc_ethics.core.datasets import render_portrait

#: Every reason :meth:`ConsentRegistry.decide` can give.
REASONS = ("allowed", "unknown person", "out of scope", "not yet granted", "expired", "revoked")
#: Purposes a record may list.
PURPOSES = ("education", "advertising", "news", "entertainment", "research")
_FIELDS = ("person_id", "name", "purposes", "granted", "expires", "revoked")


def _day(value, what: str, allow_none: bool = False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{what} must be an integer day{' or None' if allow_none else ''}, got {value!r}")
    if value < 0:
        raise ValueError(f"{what} must be a day >= 0, got {value}")
    return int(value)


def validate_record(record) -> dict:
    """A clean copy of one consent record, or a ``ValueError``/``TypeError`` naming the field.

    >>> validate_record({"person_id": "P01", "name": "A", "purposes": ["news"], "granted": 0,
    ...                  "expires": 9, "revoked": None})["purposes"]
    ('news',)
    """
    if not isinstance(record, dict):
        raise TypeError(f"a consent record must be a dict with fields {_FIELDS}, got {type(record).__name__}")
    missing = [f for f in _FIELDS if f not in record]
    if missing:
        raise ValueError(f"consent record {record.get('person_id', '?')!r} lacks field(s) {missing}; "
                         f"expected {_FIELDS}")
    pid = record["person_id"]
    if not isinstance(pid, str) or not pid:
        raise ValueError(f"person_id must be a non-empty string, got {pid!r}")
    purposes = record["purposes"]
    if isinstance(purposes, str) or not all(isinstance(p, str) for p in purposes) or not purposes:
        raise ValueError(f"purposes of {pid!r} must be a non-empty list of strings, got {purposes!r}")
    unknown = sorted(set(purposes) - set(PURPOSES))
    if unknown:
        raise ValueError(f"purposes of {pid!r} include unknown {unknown}; expected some of {PURPOSES}")
    granted = _day(record["granted"], f"granted of {pid!r}")
    expires = _day(record["expires"], f"expires of {pid!r}")
    revoked = _day(record["revoked"], f"revoked of {pid!r}", allow_none=True)
    if expires < granted:
        raise ValueError(f"consent of {pid!r} expires (day {expires}) before it is granted (day {granted})")
    if revoked is not None and revoked < granted:
        raise ValueError(f"consent of {pid!r} is revoked (day {revoked}) before it is granted (day {granted})")
    return {"person_id": pid, "name": str(record["name"]), "purposes": tuple(purposes), "granted": granted,
            "expires": expires, "revoked": revoked, **{k: v for k, v in record.items() if k not in _FIELDS}}


class ConsentRegistry:
    """Consent records by person id; :meth:`decide` says whether a request may be served.

    A consent counts from ``granted`` to ``expires`` (both inclusive) and stops on the day it
    is ``revoked`` (a request on the revocation day is refused).

    >>> reg = ConsentRegistry([{"person_id": "P01", "name": "A", "purposes": ["news"], "granted": 2,
    ...                         "expires": 9, "revoked": 6}])
    >>> [reg.decide("P01", "news", day=d)[1] for d in (1, 2, 5, 6, 10)]
    ['not yet granted', 'allowed', 'allowed', 'revoked', 'revoked']
    """

    def __init__(self, records=()):
        self.records: dict[str, dict] = {}
        for r in records:
            clean = validate_record(r)
            if clean["person_id"] in self.records:
                raise ValueError(f"two consent records for {clean['person_id']!r}; keep one per person")
            self.records[clean["person_id"]] = clean

    def __len__(self) -> int:
        return len(self.records)

    def decide(self, person_id: str, purpose: str, day: int) -> tuple[bool, str]:
        """``(allowed, reason)`` with ``reason`` one of :data:`REASONS`. Revocation is checked
        before expiry, so a revoked consent says ``'revoked'`` even after it would have expired."""
        if not isinstance(purpose, str):
            raise TypeError(f"purpose must be a string, got {purpose!r}")
        day = _day(day, "day")
        r = self.records.get(person_id)
        if r is None:
            return False, "unknown person"
        if r["revoked"] is not None and day >= r["revoked"]:
            return False, "revoked"
        if day < r["granted"]:
            return False, "not yet granted"
        if day > r["expires"]:
            return False, "expired"
        if purpose not in r["purposes"]:
            return False, "out of scope"
        return True, "allowed"

    def revoke(self, person_id: str, day: int) -> None:
        """Record that ``person_id`` withdrew consent on ``day`` (a ``KeyError`` for an unknown person)."""
        if person_id not in self.records:
            raise KeyError(f"no consent record for {person_id!r}")
        day = _day(day, "day")
        if day < self.records[person_id]["granted"]:
            raise ValueError(f"cannot revoke {person_id!r} on day {day}, before it was granted")
        self.records[person_id]["revoked"] = day


def synthetic_people(n: int = 6, *, seed: int = 0) -> list[dict]:
    """``n`` invented people with consent records: varied purposes and expiry days, none revoked yet.
    Each record also carries the attributes of the person's synthetic portrait.

    >>> [p["person_id"] for p in synthetic_people(3)]
    ['P01', 'P02', 'P03']
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    rng = np.random.default_rng(seed)
    first = ["Ada", "Bo", "Cai", "Dara", "Eli", "Fen", "Gus", "Hana", "Ivo", "Jun"]
    last = ["Quell", "Marr", "Tove", "Lind", "Osei", "Varga", "Nakai", "Brisk", "Ruel", "Sato"]
    professions = ("engineer", "doctor", "chef", "police officer", "farmer", "scientist")
    people = []
    for i in range(n):
        k = int(rng.integers(1, 3))
        purposes = sorted(rng.choice(PURPOSES, size=k, replace=False).tolist())
        granted = int(rng.integers(0, 5))
        people.append({"person_id": f"P{i + 1:02d}", "name": f"{first[i % 10]} {last[(3 * i) % 10]}",
                       "purposes": purposes, "granted": granted, "expires": granted + int(rng.integers(10, 60)),
                       "revoked": None, "profession": professions[i % len(professions)],
                       "skin_tone": int(rng.integers(1, 11))})
    return people


def portrait_of(record: dict, *, seed: int = 0) -> np.ndarray:
    """The synthetic portrait that stands for ``record``'s person: ``(32, 32, 3)`` uint8."""
    return render_portrait(record.get("profession", "engineer"), int(record.get("skin_tone", 5)), seed=seed)


class GenerationService:
    """A generation service that depicts a person only with consent, logs every request and
    labels every output.

    >>> svc = GenerationService(ConsentRegistry(synthetic_people(2)))
    >>> out = svc.request("P01", "education", day=5)
    >>> out["allowed"] in (True, False), len(svc.audit_log)
    (True, 1)
    """

    def __init__(self, registry: ConsentRegistry, *, generator: str = "aigc_ethics consent demo"):
        if not isinstance(registry, ConsentRegistry):
            raise TypeError(f"registry must be a ConsentRegistry, got {type(registry).__name__}")
        self.registry, self.generator = registry, generator
        self.audit_log: list[dict] = []

    def request(self, person_id: str, purpose: str, day: int, *, requester: str = "anonymous") -> dict:
        """Decide, log and (if allowed) produce a labelled PNG. Returns a dict with ``allowed``,
        ``reason``, and for an allowed request ``png`` (bytes with the IPTC label) and
        ``manifest`` (the C2PA-style manifest, with an ``aigc.consent`` assertion)."""
        allowed, reason = self.registry.decide(person_id, purpose, day)
        entry = {"n": len(self.audit_log), "day": int(day), "person_id": person_id, "purpose": purpose,
                 "requester": requester, "allowed": allowed, "reason": reason}
        self.audit_log.append(entry)
        out = dict(entry)
        if allowed:
            rec = self.registry.records[person_id]
            img = Image.fromarray(portrait_of(rec, seed=entry["n"]))
            out["png"] = P.label_image(img, generator=self.generator,
                                       note=f"AI-generated depiction of a consenting person ({purpose})")
            manifest = P.manifest_definition(title=f"depiction of {person_id}", generator=self.generator)
            manifest["assertions"].append({"label": "aigc.consent", "data": {
                "person_id": person_id, "purpose": purpose, "day": int(day), "audit_entry": entry["n"]}})
            out["manifest"] = manifest
        return out


def audit_summary(audit_log) -> dict:
    """Counts of reasons in an audit log, e.g. ``{'allowed': 3, 'revoked': 1}``."""
    counts: dict[str, int] = {}
    for e in audit_log:
        counts[e["reason"]] = counts.get(e["reason"], 0) + 1
    return counts


def simulate_shares(*, days: int = 40, per_day: int = 5, reshare_mean: float = 0.8,
                    revoke_day: int | None = 20, seed: int = 0) -> dict:
    """A seeded branching process of reshares.

    Each day before ``revoke_day`` the service makes ``per_day`` new images (one copy each).
    Every copy made on day ``t`` is reshared on day ``t + 1`` a Poisson(``reshare_mean``) number
    of times (the new copies are reshared in turn). From ``revoke_day`` on the service makes no
    new image; copies already shared keep spreading. ``revoke_day=None`` never revokes.

    Returns arrays over days: ``generated``, ``new_copies`` (generated + reshared that day) and
    ``in_circulation`` (cumulative copies; nothing is deleted), plus ``revoke_day``.

    >>> s = simulate_shares(days=10, revoke_day=5, seed=1)
    >>> int(s["generated"][5:].sum())
    0
    """
    for name, v in (("days", days), ("per_day", per_day)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise ValueError(f"{name} must be a positive integer, got {v!r}")
    if not 0 <= reshare_mean < 1:
        raise ValueError(f"reshare_mean must be in [0, 1) (at 1 or more the copies never stop growing), "
                         f"got {reshare_mean!r}")
    if revoke_day is not None:
        revoke_day = _day(revoke_day, "revoke_day")
    rng = np.random.default_rng(seed)
    generated = np.zeros(days, dtype=int)
    new = np.zeros(days, dtype=int)
    for t in range(days):
        generated[t] = per_day if (revoke_day is None or t < revoke_day) else 0
        reshared = int(rng.poisson(reshare_mean, size=new[t - 1]).sum()) if t > 0 else 0
        new[t] = generated[t] + reshared
    return {"generated": generated, "new_copies": new, "in_circulation": np.cumsum(new), "revoke_day": revoke_day}


def expected_copies(n_generated: float, reshare_mean: float) -> float:
    """Expected copies (originals included) that ``n_generated`` images become when every copy is
    reshared Poisson(``reshare_mean``) times: ``n / (1 - m)`` (a geometric series).

    >>> expected_copies(10, 0.5)
    20.0
    """
    if not 0 <= reshare_mean < 1:
        raise ValueError(f"reshare_mean must be in [0, 1), got {reshare_mean!r}")
    if n_generated < 0:
        raise ValueError(f"n_generated must be >= 0, got {n_generated!r}")
    return float(n_generated) / (1.0 - reshare_mean)
