"""Invented people with a stable identity: the likeness chapter's subjects (lesson 60).

The portraits of :mod:`aigc_ethics.core.datasets` are *types* (an engineer with dark skin);
nobody in them is anybody. The likeness chapter needs *individuals*: someone whose photos can be
posted, copied and learned. Each :class:`Person` here is drawn from a seed and keeps the same
face in every photo: skin tone, face shape, eye colour and spacing, hair colour and style, and
one distinguishing feature (glasses, a beard, heavy eyebrows, freckles, a mole, or none). What
changes from photo to photo is the *context*: clothing, background, a profession cue (hat,
goggles, coat, drawn as in :func:`aigc_ethics.core.datasets.render_portrait`), a one-pixel pose
shift and colour jitter. Nobody here is, or is modelled on, a real person.

The default portraits of the course dataset are not touched: this module draws with its own
function, so every existing image, checkpoint and lesson stays byte-identical.

Example
-------
>>> from aigc_ethics.core.people import PEOPLE, photos
>>> len(PEOPLE), PEOPLE[0].name
(16, 'P00')
>>> photos(PEOPLE[3], 5, seed=0).shape
(5, 32, 32, 3)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from aigc_ethics.core.datasets import (
    _YY,
    BACKGROUNDS,
    CLOTHING_COLOURS,
    HAIR_COLOURS,
    IMAGE_SIZE,
    MONK_SKIN_TONES,
    PROFESSIONS,
    _ellipse,
    _rect,
    draw_profession_cue,
    hex_to_rgb,
)

#: How many invented people the world holds.
N_PEOPLE = 16
#: Face half-widths in pixels (narrow, medium, wide) and half-heights (round, long).
FACE_WIDTHS = (4.5, 5.5, 6.5)
FACE_HEIGHTS = (6.0, 7.0)
EYE_COLOURS = {"dark": (30, 25, 25), "blue": (40, 90, 200), "green": (40, 150, 60), "amber": (190, 120, 20)}
EYE_SPACINGS = (2.0, 3.0)
PERSON_HAIR_STYLES = ("short", "long", "bald")
FEATURES = ("none", "glasses", "beard", "eyebrows", "freckles", "mole")
#: The seed the people are drawn from (change it and the world has other people).
PEOPLE_SEED = 1729


@dataclass(frozen=True)
class Person:
    """One invented person: the traits that stay the same in every photo."""

    name: str
    skin_tone: int
    face_width: float
    face_height: float
    eye_colour: str
    eye_spacing: float
    hair_colour: str
    hair_style: str
    feature: str

    def describe(self) -> str:
        """A one-line description, e.g. ``'P00: skin MST 3, wide face, blue eyes, short red hair, glasses'``."""
        width = {4.5: "narrow", 5.5: "medium", 6.5: "wide"}[self.face_width]
        hair = "bald" if self.hair_style == "bald" else f"{self.hair_style} {self.hair_colour} hair"
        return (f"{self.name}: skin MST {self.skin_tone}, {width} face, {self.eye_colour} eyes, {hair}, "
                f"{'no distinguishing feature' if self.feature == 'none' else self.feature}")


def _traits(person: Person) -> tuple:
    return (person.skin_tone // 2, person.face_width, person.eye_colour, person.hair_colour,
            person.hair_style, person.feature)


def make_people(n: int = N_PEOPLE, *, seed: int = PEOPLE_SEED) -> tuple[Person, ...]:
    """Draw ``n`` invented people; any two differ in at least three visible traits.

    >>> people = make_people(4, seed=0)
    >>> [p.name for p in people]
    ['P00', 'P01', 'P02', 'P03']
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= 64:
        raise ValueError(f"n must be an integer from 1 to 64 people, got {n!r}")
    rng = np.random.default_rng(seed)
    people: list[Person] = []
    while len(people) < n:
        p = Person(name=f"P{len(people):02d}", skin_tone=int(rng.integers(1, 11)),
                   face_width=float(rng.choice(FACE_WIDTHS)), face_height=float(rng.choice(FACE_HEIGHTS)),
                   eye_colour=str(rng.choice(list(EYE_COLOURS))), eye_spacing=float(rng.choice(EYE_SPACINGS)),
                   hair_colour=str(rng.choice(list(HAIR_COLOURS))),
                   hair_style=str(rng.choice(PERSON_HAIR_STYLES, p=(0.45, 0.4, 0.15))),
                   feature=str(rng.choice(FEATURES)))
        if all(sum(a != b for a, b in zip(_traits(p), _traits(q))) >= 3 for q in people):
            people.append(p)
    return tuple(people)


#: The course's invented people (``P00`` ... ``P15``).
PEOPLE: tuple[Person, ...] = make_people()
PEOPLE_BY_NAME = {p.name: p for p in PEOPLE}


def get_person(person) -> Person:
    """A :class:`Person` from itself or its name; an unknown name raises ``KeyError`` naming the known ones.

    >>> get_person("P02").name
    'P02'
    """
    if isinstance(person, Person):
        return person
    if isinstance(person, str) and person in PEOPLE_BY_NAME:
        return PEOPLE_BY_NAME[person]
    raise KeyError(f"unknown identity {person!r}; the invented people are {', '.join(PEOPLE_BY_NAME)}")


def people_table() -> pd.DataFrame:
    """The invented people and their traits, one row each."""
    return pd.DataFrame([asdict(p) for p in PEOPLE])




def _jitter(colour, rng, amount=10):
    c = np.asarray(colour, dtype=np.float32) + rng.integers(-amount, amount + 1, size=3)
    return np.clip(c, 0, 255)


def render_person(person, *, profession: str | None = None, clothing: str = "blue",
                  background: str = "sky", seed: int | np.random.Generator = 0) -> np.ndarray:
    """Draw one photo of ``person`` (a :class:`Person` or a name) as a ``(32, 32, 3)`` uint8 array.

    ``profession`` adds that profession's cue (None: an everyday photo, no cue); ``clothing`` and
    ``background`` name colours of the course dataset; ``seed`` drives the pose shift and jitter.

    >>> img = render_person("P01", profession="chef", seed=3)
    >>> img.shape, img.dtype
    ((32, 32, 3), dtype('uint8'))
    """
    p = get_person(person)
    if profession is not None and profession not in PROFESSIONS:
        raise ValueError(f"profession must be None or one of {PROFESSIONS}, got {profession!r}")
    if clothing not in CLOTHING_COLOURS:
        raise ValueError(f"clothing must be one of {tuple(CLOTHING_COLOURS)}, got {clothing!r}")
    if background not in BACKGROUNDS:
        raise ValueError(f"background must be one of {tuple(BACKGROUNDS)}, got {background!r}")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)

    img = np.zeros((IMAGE_SIZE, IMAGE_SIZE, 3), dtype=np.float32)
    shade = np.linspace(1.08, 0.92, IMAGE_SIZE, dtype=np.float32)[:, None, None]
    img[:] = np.clip(_jitter(BACKGROUNDS[background], rng) * shade, 0, 255)
    cx, cy = 16.0 + float(rng.integers(-1, 2)), 13.0 + float(rng.integers(-1, 2))
    skin = np.asarray(hex_to_rgb(MONK_SKIN_TONES[p.skin_tone - 1]), dtype=np.float32)
    skin = np.clip(skin + rng.integers(-6, 7), 0, 255)
    hair = _jitter(HAIR_COLOURS[p.hair_colour], rng, 8)
    cloth = _jitter(CLOTHING_COLOURS[clothing], rng, 12)
    rx, ry = p.face_width, p.face_height

    body = _ellipse(cx, 33.0, 12.5, 9.5)
    if p.hair_style == "long":
        img[_rect(cx - rx - 1.5, cy - 4, cx + rx + 1.5, cy + 10) & ~body] = hair
    img[body] = cloth
    img[_rect(cx - 2, cy + 5, cx + 2, cy + 12)] = skin * 0.93                       # neck
    img[_ellipse(cx, cy, rx, ry)] = skin                                            # face
    if p.hair_style != "bald":
        img[_ellipse(cx, cy - ry + 2.0, rx + 0.7, 3.6) & (_YY < cy - ry + 3.5)] = hair
    s = p.eye_spacing
    for ex in (cx - s, cx + s):                                                    # eyes
        img[_rect(ex - 0.5, cy - 0.5, ex + 1.0, cy + 1.0)] = EYE_COLOURS[p.eye_colour]
    img[_rect(cx - 1.5, cy + 3, cx + 2.0, cy + 4)] = (150, 60, 60)                # mouth
    dark = (25, 25, 30)
    if p.feature == "glasses":
        for ex in (cx - s, cx + s):
            frame = _rect(ex - 1.5, cy - 1.5, ex + 2.0, cy + 2.0) & ~_rect(ex - 0.5, cy - 0.5, ex + 1.0, cy + 1.0)
            img[frame] = dark
        img[_rect(cx - s + 2.0, cy - 1.5, cx + s - 1.5, cy - 0.5)] = dark
    elif p.feature == "beard":
        img[_ellipse(cx, cy + 1.5, rx, ry - 1.0) & (_YY >= cy + 2.0) & ~_rect(cx - 1.5, cy + 3, cx + 2.0, cy + 4)] = \
            hair * 0.85 if p.hair_colour != "blond" else hair * 0.7
    elif p.feature == "eyebrows":
        for ex in (cx - s, cx + s):
            img[_rect(ex - 1.5, cy - 2.5, ex + 2.0, cy - 1.5)] = (35, 28, 25)
    elif p.feature == "freckles":
        for fx, fy in ((-3, 1.5), (-2, 2.5), (-4, 2.5), (3, 1.5), (2, 2.5), (4, 2.5)):
            img[_rect(cx + fx, cy + fy, cx + fx + 1, cy + fy + 1)] = (150, 85, 55)
    elif p.feature == "mole":
        img[_rect(cx + 3, cy + 2, cx + 5, cy + 4)] = (45, 30, 25)
    draw_profession_cue(img, profession, cx, cy, body, goggles=False)

    noise = rng.normal(0.0, 3.0, size=img.shape).astype(np.float32)
    return np.clip(img + noise, 0, 255).astype(np.uint8)


def photos(person, k: int, *, seed: int = 0, professions=(None,)) -> np.ndarray:
    """``k`` photos of ``person`` in random contexts, as uint8 ``(k, 32, 32, 3)``.

    Each photo draws a clothing colour, a background and one of ``professions`` (default: only
    ``None``, everyday photos without a profession cue, the kind a person posts).

    >>> photos("P05", 3, seed=1).shape
    (3, 32, 32, 3)
    """
    images, _ = photo_set([person], k, seed=seed, professions=professions)
    return images


def photo_set(people, k: int, *, seed: int = 0, professions=(None,)) -> tuple[np.ndarray, pd.DataFrame]:
    """``k`` photos of each of ``people`` and a table of who and which context each one shows.

    Returns ``(images, table)``: images uint8 ``(len(people) * k, 32, 32, 3)``; the table has columns
    ``person, label`` (index in :data:`PEOPLE`), ``profession, clothing, background``.

    >>> imgs, table = photo_set(["P00", "P01"], 2, seed=0)
    >>> imgs.shape, table.person.tolist()
    ((4, 32, 32, 3), ['P00', 'P00', 'P01', 'P01'])
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive number of photos, got {k!r}")
    resolved = [get_person(p) for p in people]
    if not resolved:
        raise ValueError("people is empty: name at least one invented person, e.g. ['P00']")
    professions = tuple(professions)
    for prof in professions:
        if prof is not None and prof not in PROFESSIONS:
            raise ValueError(f"professions may hold None and {PROFESSIONS}, got {prof!r}")
    rng = np.random.default_rng(seed)
    order = {q.name: i for i, q in enumerate(PEOPLE)}
    images, rows = [], []
    for p in resolved:
        for _ in range(int(k)):
            prof = professions[int(rng.integers(len(professions)))]
            clothing = str(rng.choice(list(CLOTHING_COLOURS)))
            background = str(rng.choice(list(BACKGROUNDS)))
            images.append(render_person(p, profession=prof, clothing=clothing, background=background, seed=rng))
            rows.append({"person": p.name, "label": order.get(p.name, -1), "profession": prof or "",
                         "clothing": clothing, "background": background})
    return np.stack(images), pd.DataFrame(rows)
