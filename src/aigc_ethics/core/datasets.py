"""A procedurally generated, labelled image dataset: the only thing the course's model ever sees.

Every image is drawn by a few lines of NumPy from a seed, and every image comes with its
caption and its ground-truth attributes. Because the people in it are synthetic (coloured
shapes with a skin tone, hair, clothes and a profession cue), nobody's likeness or consent is
involved, and because we control the *composition* (how often each attribute appears for each
profession, which images are duplicated, which artists opted out), each chapter can change one
thing about the data and measure what the model does with it.

Two families:

* **portraits** -- a head-and-shoulders figure with a skin tone from the 10-shade Monk Skin
  Tone scale, hair colour and style, clothing colour, background, and a profession cue
  (a hard hat for an engineer, a stethoscope and white coat for a doctor, ...).
  Caption: ``"a portrait of an engineer"``.
* **artworks** -- abstract images in one of six procedurally defined styles, each attributed
  to a *fictional* artist. Caption: ``"a painting in the style of veltri"``.

Example
-------
>>> from aigc_ethics.datasets import make_dataset
>>> ds = make_dataset(seed=0, scale=0.01)
>>> ds.images.shape[1:], ds.captions[0]
((32, 32, 3), 'a portrait of an engineer')
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # for annotations only: the world's renderer stays a leaf of the import graph
    from aigc_ethics.core.images import ImageBatch

IMAGE_SIZE = 32

#: The Monk Skin Tone (MST) scale, shades 1 (lightest) to 10 (darkest), as sRGB hex values.
#: Source: Monk, E. (2019), published by Google as the "Monk Skin Tone Scale" (skintone.google).
MONK_SKIN_TONES = (
    "#f6ede4", "#f3e7db", "#f7ead0", "#eadaba", "#d7bd96",
    "#a07e56", "#825c43", "#604134", "#3a312a", "#292420",
)
#: Grouping used in captions and audits: MST 1-5 are "lighter", MST 6-10 are "darker".
SKIN_GROUPS = {tone: ("lighter" if tone <= 5 else "darker") for tone in range(1, 11)}

PROFESSIONS = ("engineer", "doctor", "chef", "police officer", "farmer", "scientist")
#: What a reader sees in the picture for each profession.
PROFESSION_CUES = {
    "engineer": "yellow hard hat",
    "doctor": "white coat and stethoscope",
    "chef": "tall white chef's hat",
    "police officer": "navy peaked cap with a badge",
    "farmer": "wide straw hat with a red band",
    "scientist": "blue safety goggles",
}

#: Fictional artists and the procedural style each one paints in.
ARTISTS = {
    "brenn": "grids",
    "veltri": "dots",
    "haskel": "stripes",
    "moravi": "waves",
    "quist": "rings",
    "zarek": "shards",
}
STYLES = tuple(ARTISTS.values())

HAIR_COLOURS = {
    "black": (28, 24, 22), "brown": (105, 64, 32), "blond": (222, 190, 110),
    "red": (168, 68, 30), "grey": (165, 165, 168),
}
HAIR_STYLES = ("short", "long")
CLOTHING_COLOURS = {
    "red": (200, 40, 45), "blue": (40, 80, 190), "green": (40, 150, 70),
    "purple": (120, 60, 160), "orange": (235, 130, 30), "teal": (30, 150, 150),
}
BACKGROUNDS = {
    "sky": (140, 185, 225), "sand": (225, 205, 160), "mint": (170, 225, 195),
    "lilac": (200, 180, 225), "grey": (150, 150, 155), "peach": (245, 190, 165),
}

ATTRIBUTES = ("family", "profession", "style", "skin_tone", "skin_group",
              "hair_colour", "hair_style", "clothing", "background")


def hex_to_rgb(hex_colour: str) -> tuple[int, int, int]:
    """``"#a07e56"`` -> ``(160, 126, 86)``."""
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def article(word: str) -> str:
    """The English indefinite article for ``word`` ("an engineer", "a doctor")."""
    return "an" if word[0] in "aeiou" else "a"


# --------------------------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------------------------

_YY, _XX = np.mgrid[0:IMAGE_SIZE, 0:IMAGE_SIZE].astype(np.float32)


def _ellipse(cx, cy, rx, ry):
    return ((_XX - cx) / rx) ** 2 + ((_YY - cy) / ry) ** 2 <= 1.0


def _rect(x0, y0, x1, y1):
    return (_XX >= x0) & (_XX < x1) & (_YY >= y0) & (_YY < y1)


def _jitter(colour, rng, amount=10):
    c = np.asarray(colour, dtype=np.float32) + rng.integers(-amount, amount + 1, size=3)
    return np.clip(c, 0, 255)


def draw_profession_cue(img: np.ndarray, profession: str | None, cx: float, cy: float, body: np.ndarray, *,
                        goggles: bool = True) -> None:
    """Draw ``profession``'s cue (hard hat, chef's hat, cap and badge, straw hat, white coat and
    stethoscope, lab band and goggles) in place on a 32x32 image whose head is centred at
    ``(cx, cy)``; ``body`` is the torso mask; ``None`` draws nothing. ``goggles=False`` keeps a scientist's eyes visible
    (the invented people of :mod:`aigc_ethics.core.people` keep their own eyes). Shared by
    :func:`render_portrait` and :func:`aigc_ethics.core.people.render_person`.
    """
    if profession == "engineer":
        img[_ellipse(cx, cy - 4, 7.0, 5.0) & (_YY < cy - 3)] = (245, 200, 30)
        img[_rect(cx - 8, cy - 4, cx + 9, cy - 2.5)] = (225, 180, 20)
    elif profession == "chef":
        img[_rect(cx - 5, cy - 10, cx + 6, cy - 3)] = (245, 245, 245)
        img[_ellipse(cx, cy - 11, 7.5, 3.5)] = (250, 250, 250)
        img[_rect(cx - 5.5, cy - 4, cx + 6.5, cy - 2.5)] = (215, 215, 220)
    elif profession == "police officer":
        img[_rect(cx - 6, cy - 9, cx + 7, cy - 3.5)] = (25, 35, 95)
        img[_rect(cx - 7, cy - 4, cx + 8, cy - 2.5)] = (10, 15, 40)
        img[_rect(cx - 1, cy - 8, cx + 2, cy - 5)] = (240, 205, 40)
    elif profession == "farmer":
        img[_rect(cx - 5, cy - 10, cx + 6, cy - 4)] = (205, 175, 95)
        img[_rect(cx - 5, cy - 6, cx + 6, cy - 4.5)] = (190, 40, 40)
        img[_rect(cx - 12, cy - 4.5, cx + 13, cy - 2.5)] = (215, 185, 105)
    elif profession == "doctor":
        coat = body & ((_XX < cx - 3) | (_XX > cx + 3))
        img[coat] = (240, 240, 240)
        tube = (_rect(cx - 4, cy + 8, cx - 3, cy + 15) | _rect(cx + 3, cy + 8, cx + 4, cy + 15)
                | _rect(cx - 4, cy + 14, cx + 4, cy + 15))
        img[tube] = (50, 50, 55)
        img[_rect(cx + 3, cy + 14, cx + 6, cy + 17)] = (175, 180, 195)
    elif profession == "scientist":
        img[_rect(cx - 7, cy - 1.5, cx + 8, cy + 1.5)] = (60, 110, 170)
        if goggles:
            for ex in (cx - 2.5, cx + 2.5):
                img[_rect(ex - 1.5, cy - 1, ex + 2.0, cy + 1.5)] = (175, 225, 245)


def render_portrait(profession: str, skin_tone: int, *, hair_colour: str = "brown",
                    hair_style: str = "short", clothing: str = "blue", background: str = "sky",
                    seed: int | np.random.Generator = 0) -> np.ndarray:
    """Draw one synthetic portrait as a ``(32, 32, 3)`` uint8 array.

    Small random offsets and colour jitter (from ``seed``) make every portrait unique.

    >>> img = render_portrait("chef", skin_tone=7, seed=1)
    >>> img.shape, img.dtype
    ((32, 32, 3), dtype('uint8'))
    """
    if profession not in PROFESSIONS:
        raise ValueError(f"profession must be one of {PROFESSIONS}, got {profession!r}")
    if not (isinstance(skin_tone, (int, np.integer)) and 1 <= skin_tone <= 10):
        raise ValueError(f"skin_tone must be an integer from 1 to 10 (Monk scale), got {skin_tone!r}")
    for name, value, options in (("hair_colour", hair_colour, HAIR_COLOURS),
                                 ("hair_style", hair_style, HAIR_STYLES),
                                 ("clothing", clothing, CLOTHING_COLOURS),
                                 ("background", background, BACKGROUNDS)):
        if value not in options:
            raise ValueError(f"{name} must be one of {tuple(options)}, got {value!r}")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)

    img = np.zeros((IMAGE_SIZE, IMAGE_SIZE, 3), dtype=np.float32)
    bg = _jitter(BACKGROUNDS[background], rng)
    shade = np.linspace(1.08, 0.92, IMAGE_SIZE, dtype=np.float32)[:, None, None]
    img[:] = np.clip(bg * shade, 0, 255)

    dx = float(rng.integers(-1, 2))
    dy = float(rng.integers(-1, 2))
    skin = np.asarray(hex_to_rgb(MONK_SKIN_TONES[skin_tone - 1]), dtype=np.float32)
    hair = _jitter(HAIR_COLOURS[hair_colour], rng, 8)
    cloth = _jitter(CLOTHING_COLOURS[clothing], rng, 12)
    cx, cy = 16.0 + dx, 13.0 + dy

    body = _ellipse(cx, 33.0, 12.5, 9.5)
    if hair_style == "long":
        img[_rect(cx - 7, cy - 4, cx + 7, cy + 10) & ~body] = hair
    img[body] = cloth
    img[_rect(cx - 2, cy + 5, cx + 2, cy + 12)] = skin * 0.93          # neck
    head = _ellipse(cx, cy, 5.5, 6.5)
    img[head] = skin
    img[_ellipse(cx, cy - 4.5, 6.2, 3.6) & (_YY < cy - 2.5)] = hair    # hair on top
    for ex in (cx - 2.5, cx + 2.5):                                     # eyes
        img[_rect(ex - 0.5, cy - 0.5, ex + 1.0, cy + 1.0)] = (30, 25, 25)
    img[_rect(cx - 1.5, cy + 3, cx + 2.0, cy + 4)] = (150, 60, 60)     # mouth

    draw_profession_cue(img, profession, cx, cy, body)

    noise = rng.normal(0.0, 3.0, size=img.shape).astype(np.float32)
    return np.clip(img + noise, 0, 255).astype(np.uint8)


_STYLE_PALETTES = {
    "grids": [(220, 30, 35), (30, 60, 170), (245, 215, 40), (240, 240, 235), (240, 240, 235)],
    "dots": [(250, 120, 150), (60, 170, 200), (250, 200, 60), (120, 80, 170)],
    "stripes": [(30, 40, 60), (230, 90, 40), (240, 225, 200), (70, 140, 120)],
    "waves": [(20, 60, 120), (40, 130, 170), (120, 200, 210), (230, 240, 245)],
    "rings": [(130, 20, 30), (220, 100, 40), (245, 190, 70), (80, 30, 40)],
    "shards": [(110, 80, 50), (160, 130, 80), (90, 110, 60), (200, 180, 140), (60, 50, 40)],
}


def render_artwork(style: str, *, seed: int | np.random.Generator = 0) -> np.ndarray:
    """Draw one abstract artwork in ``style`` (one of :data:`STYLES`) as ``(32, 32, 3)`` uint8.

    >>> render_artwork("rings", seed=3).shape
    (32, 32, 3)
    """
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, got {style!r}")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    pal = [np.asarray(c, dtype=np.float32) for c in _STYLE_PALETTES[style]]
    img = np.zeros((IMAGE_SIZE, IMAGE_SIZE, 3), dtype=np.float32)

    if style == "grids":
        xs = np.sort(rng.choice(np.arange(5, 28), size=2, replace=False))
        ys = np.sort(rng.choice(np.arange(5, 28), size=2, replace=False))
        xb = np.concatenate([[0], xs, [IMAGE_SIZE]])
        yb = np.concatenate([[0], ys, [IMAGE_SIZE]])
        for i in range(3):
            for j in range(3):
                img[yb[i]:yb[i + 1], xb[j]:xb[j + 1]] = pal[rng.integers(len(pal))]
        for x in xs:
            img[:, x - 1:x + 1] = 15
        for y in ys:
            img[y - 1:y + 1, :] = 15
    elif style == "dots":
        img[:] = (245, 240, 225)
        step = int(rng.integers(7, 10))
        ox, oy = rng.integers(0, step, size=2)
        r = rng.uniform(1.8, 2.8)
        for y in range(int(oy) - step, IMAGE_SIZE + step, step):
            for x in range(int(ox) - step, IMAGE_SIZE + step, step):
                img[_ellipse(x + rng.uniform(-1, 1), y + rng.uniform(-1, 1), r, r)] = pal[rng.integers(len(pal))]
    elif style == "stripes":
        angle = np.deg2rad(45 + rng.uniform(-20, 20)) * rng.choice([-1, 1])
        width = rng.uniform(3.0, 5.0)
        phase = rng.uniform(0, 10)
        u = (_XX * np.cos(angle) + _YY * np.sin(angle) + phase) / width
        colours = rng.permutation(len(pal))[:3]
        band = np.floor(u).astype(int) % 3
        for k in range(3):
            img[band == k] = pal[colours[k]]
    elif style == "waves":
        freq = rng.uniform(0.25, 0.45)
        amp = rng.uniform(2.0, 4.0)
        phase = rng.uniform(0, 2 * np.pi)
        v = (_YY + amp * np.sin(freq * _XX + phase)) / rng.uniform(3.5, 5.0)
        band = np.floor(v).astype(int) % len(pal)
        for k in range(len(pal)):
            img[band == k] = pal[k]
    elif style == "rings":
        cx, cy = rng.uniform(4, 28, size=2)
        d = np.sqrt((_XX - cx) ** 2 + (_YY - cy) ** 2) / rng.uniform(2.5, 4.0)
        band = np.floor(d).astype(int) % len(pal)
        for k in range(len(pal)):
            img[band == k] = pal[k]
    elif style == "shards":
        pts = rng.uniform(0, IMAGE_SIZE, size=(7, 2))
        dist = (_XX[..., None] - pts[:, 0]) ** 2 + (_YY[..., None] - pts[:, 1]) ** 2
        order = np.sort(dist, axis=-1)
        cell = np.argmin(dist, axis=-1)
        colours = rng.integers(len(pal), size=len(pts))
        for k in range(len(pts)):
            img[cell == k] = pal[colours[k]]
        edge = np.sqrt(order[..., 1]) - np.sqrt(order[..., 0]) < 1.0
        img[edge] = (35, 30, 25)

    img = img + rng.normal(0.0, 6.0, size=3).astype(np.float32)   # a slightly different hue per work
    img = img + rng.normal(0.0, 3.0, size=img.shape).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


#: The visible mark of an *invented* picture agency ("Vantapix") that lesson 36 stamps on some
#: artworks: an 8x8 box, dark border and a dark "V" on a light ground ("#" dark, "." light).
AGENCY_MARK_ROWS = (
    "########",
    "#......#",
    "#.#..#.#",
    "#.#..#.#",
    "#..##..#",
    "#..##..#",
    "#......#",
    "########",
)
#: Top-left pixel (row, column) of the mark: the bottom-right corner, one pixel from the edges.
AGENCY_MARK_CORNER = (23, 23)


def agency_mark() -> np.ndarray:
    """The agency's mark as an ``(8, 8)`` uint8 grey-level array (20 dark, 245 light).

    >>> m = agency_mark()
    >>> m.shape, int(m[0, 0]), int(m[1, 1])
    ((8, 8), 20, 245)
    """
    return np.array([[20 if ch == "#" else 245 for ch in row] for row in AGENCY_MARK_ROWS], dtype=np.uint8)


def stamp_mark(images: ImageBatch) -> np.ndarray:
    """A copy of ``images`` (one ``(32, 32, 3)`` image or a batch ``(N, 32, 32, 3)``, uint8) with the
    agency's mark pasted, opaque and grey, into the bottom-right corner.

    >>> stamp_mark(np.zeros((32, 32, 3), np.uint8))[24, 24].tolist()
    [245, 245, 245]
    """
    arr = np.asarray(images)
    if arr.dtype != np.uint8 or arr.shape[-3:] != (IMAGE_SIZE, IMAGE_SIZE, 3) or arr.ndim not in (3, 4):
        raise ValueError(f"stamp_mark expects uint8 images of shape (32, 32, 3) or (N, 32, 32, 3), "
                         f"got {arr.dtype} {arr.shape}")
    out = arr.copy()
    r, c = AGENCY_MARK_CORNER
    size = len(AGENCY_MARK_ROWS)
    out[..., r:r + size, c:c + size, :] = agency_mark()[..., None]
    return out


# --------------------------------------------------------------------------------------------
# Composition: what goes into the training set, and how often
# --------------------------------------------------------------------------------------------

#: Skin-tone distribution (Monk shades 1..10) of each profession in the default training set.
#: The skew is deliberate and documented: it mimics the kind of imbalance audits find in
#: web-scraped data, so that the bias chapter has something to find. Change it and retrain.
DEFAULT_SKIN_TONE_PROBS = {
    "engineer":       (0.16, 0.16, 0.14, 0.14, 0.12, 0.08, 0.07, 0.05, 0.04, 0.04),  # 72 % lighter
    "doctor":         (0.13, 0.13, 0.12, 0.12, 0.10, 0.10, 0.09, 0.08, 0.07, 0.06),  # 60 % lighter
    "chef":           (0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10),  # balanced
    "police officer": (0.12, 0.12, 0.11, 0.11, 0.09, 0.10, 0.10, 0.09, 0.08, 0.08),  # 55 % lighter
    "farmer":         (0.06, 0.06, 0.07, 0.08, 0.08, 0.12, 0.13, 0.14, 0.13, 0.13),  # 35 % lighter
    "scientist":      (0.15, 0.15, 0.14, 0.12, 0.12, 0.09, 0.08, 0.06, 0.05, 0.04),  # 68 % lighter
}

#: Caption templates and how often each is used. ``{a}`` is the article, ``{p}`` the profession.
PORTRAIT_TEMPLATES = (
    ("a portrait of {a} {p}", 0.45),
    ("a photo of {a} {p}", 0.15),
    ("{a} {p}", 0.10),
    ("a person who is {a} {p}", 0.10),
    ("a portrait of {a} {p} with {g} skin", 0.20),
)
#: With markedness (:attr:`Composition.marked`): the template that names the skin group, and the others.
MARKED_TEMPLATE = "a portrait of {a} {p} with {g} skin"
UNMARKED_TEMPLATES = tuple(t for t in PORTRAIT_TEMPLATES if "{g}" not in t[0])
ARTWORK_TEMPLATES = (
    ("a painting in the style of {artist}", 0.7),
    ("an artwork by {artist}", 0.3),
)
#: Words used in captions for the skin groups ("with light skin" / "with dark skin").
SKIN_GROUP_WORDS = {"lighter": "light", "darker": "dark"}


@dataclass
class Composition:
    """How many of what go into a dataset. Change a field, make a dataset, train, and compare.

    Attributes
    ----------
    portraits_per_profession : number of distinct portraits drawn for each profession.
    artworks_per_style : number of distinct artworks for each style.
    skin_tone_probs : per profession, the probabilities of Monk shades 1..10 (must sum to 1).
    duplicates : ``{item_id: copies}``: that item appears ``copies`` times in the training set.
    opted_out : artist names whose works are removed (their style disappears from the data).
    marked : ``{skin group: share}``: *markedness* in captions. When set, a portrait's caption names
        its skin group ("... with dark skin") with that probability and otherwise uses a template
        that names none; groups not listed are never named. Empty (the default): every group is
        named in the same 20 % of captions (the ``with {g} skin`` template).
    stamped : ``{artist: share}``: that share of the artist's works carries the invented agency's
        visible mark (:func:`stamp_mark`); which works is drawn from a separate seed, so every other
        image and caption stays the same. Empty (the default): no marks. When set, the attributes
        gain a boolean ``stamped`` column.
    """

    portraits_per_profession: int = 1000
    artworks_per_style: int = 500
    skin_tone_probs: dict = field(default_factory=lambda: dict(DEFAULT_SKIN_TONE_PROBS))
    duplicates: dict = field(default_factory=dict)
    opted_out: tuple = ()
    marked: dict = field(default_factory=dict)
    stamped: dict = field(default_factory=dict)

    def validate(self) -> None:
        """Raise ``ValueError`` with a readable message if the composition is inconsistent."""
        if self.portraits_per_profession < 0 or self.artworks_per_style < 0:
            raise ValueError("counts must be >= 0")
        for prof, probs in self.skin_tone_probs.items():
            if prof not in PROFESSIONS:
                raise ValueError(f"unknown profession {prof!r}; expected one of {PROFESSIONS}")
            p = np.asarray(probs, dtype=float)
            if p.shape != (10,) or (p < 0).any() or not np.isclose(p.sum(), 1.0, atol=1e-6):
                raise ValueError(f"skin_tone_probs[{prof!r}] must be 10 non-negative numbers summing to 1, "
                                 f"got {tuple(np.round(p, 4))} (sum {p.sum():.4f})")
        missing = set(PROFESSIONS) - set(self.skin_tone_probs)
        if missing and self.portraits_per_profession > 0:
            raise ValueError(f"skin_tone_probs is missing professions: {sorted(missing)}")
        for artist in self.opted_out:
            if artist not in ARTISTS:
                raise ValueError(f"unknown artist {artist!r}; expected one of {tuple(ARTISTS)}")
        for group, share in self.marked.items():
            if group not in SKIN_GROUP_WORDS:
                raise ValueError(f"marked: unknown skin group {group!r}; expected one of {tuple(SKIN_GROUP_WORDS)}")
            if not 0 <= float(share) <= 1:
                raise ValueError(f"marked[{group!r}] must be a share in [0, 1], got {share}")
        for artist, share in self.stamped.items():
            if artist not in ARTISTS:
                raise ValueError(f"stamped: unknown artist {artist!r}; expected one of {tuple(ARTISTS)}")
            if isinstance(share, bool) or not isinstance(share, (int, float, np.integer, np.floating)) \
                    or not 0 <= float(share) <= 1:
                raise ValueError(f"stamped[{artist!r}] must be a share in [0, 1], got {share!r}")
        for item, copies in self.duplicates.items():
            if int(copies) < 1:
                raise ValueError(f"duplicates[{item}] must be >= 1, got {copies}")


def default_composition(**changes) -> Composition:
    """The composition of the course's default training set, with optional field changes.

    >>> default_composition(opted_out=("quist",)).opted_out
    ('quist',)
    """
    return replace(Composition(), **changes)


def composition_from_spec(spec: str = "") -> Composition:
    """Build a composition from a short text, as used by ``python -m aigc_ethics.train --composition``.

    ``""`` is the default; ``"balanced"`` gives every profession uniform skin tones;
    ``"engineer=0.1,farmer=0.9"`` sets the share of lighter skin (MST 1-5) for those professions,
    spread evenly over the shades of each group; ``"optout=quist"`` removes an artist;
    ``"mark=darker:0.8"`` names the darker group in 80 % of its captions and the lighter group in none
    (markedness, see :class:`Composition`); ``"stamp=quist:0.3"`` stamps the invented agency's mark
    on 30 % of quist's works (see :class:`Composition`).

    >>> composition_from_spec("engineer=0.1").skin_tone_probs["engineer"][0]
    0.02
    >>> composition_from_spec("stamp=quist:0.3,stamp=veltri:1").stamped
    {'quist': 0.3, 'veltri': 1.0}
    """
    comp = default_composition()
    probs = dict(comp.skin_tone_probs)
    opted = list(comp.opted_out)
    marked = dict(comp.marked)
    stamped = dict(comp.stamped)
    for part in [p.strip() for p in spec.split(",") if p.strip()]:
        if part.startswith("mark="):
            group, _, share = part.split("=", 1)[1].partition(":")
            try:
                marked[group] = float(share)
            except ValueError:
                raise ValueError(f"cannot read {part!r}: expected mark=GROUP:SHARE, e.g. mark=darker:0.8") from None
        elif part.startswith("stamp="):
            artist, _, share = part.split("=", 1)[1].partition(":")
            try:
                stamped[artist] = float(share)
            except ValueError:
                raise ValueError(f"cannot read {part!r}: expected stamp=ARTIST:SHARE, e.g. stamp=quist:0.3") from None
        elif part == "balanced":
            probs = {p: (0.1,) * 10 for p in PROFESSIONS}
        elif part.startswith("optout="):
            opted.append(part.split("=", 1)[1])
        elif "=" in part:
            prof, share = part.split("=", 1)
            prof = prof.replace("_", " ")
            if prof not in PROFESSIONS:
                raise ValueError(f"unknown profession {prof!r} in {spec!r}; expected one of {PROFESSIONS}")
            lighter = float(share)
            if not 0 <= lighter <= 1:
                raise ValueError(f"the lighter-skin share for {prof} must be in [0, 1], got {lighter}")
            probs[prof] = tuple([round(lighter / 5, 6)] * 5 + [round((1 - lighter) / 5, 6)] * 5)
        else:
            raise ValueError(f"cannot read {part!r} in composition spec {spec!r}")
    comp = replace(comp, skin_tone_probs=probs, opted_out=tuple(opted), marked=marked, stamped=stamped)
    comp.validate()
    return comp


@dataclass
class SyntheticDataset:
    """Images, captions and ground truth, row-aligned.

    ``images`` is ``(N, 32, 32, 3)`` uint8; ``attributes`` is a DataFrame with one row per image
    (columns :data:`ATTRIBUTES` plus ``item_id``, ``caption``, ``copies``).
    """

    images: np.ndarray
    attributes: pd.DataFrame
    composition: Composition
    seed: int

    @property
    def captions(self) -> list[str]:
        return self.attributes["caption"].tolist()

    def __len__(self) -> int:
        return len(self.images)

    def to_pil(self, index: int):
        from PIL import Image
        return Image.fromarray(self.images[index])

    def subset(self, mask) -> "SyntheticDataset":
        """Rows where ``mask`` (boolean array or Series) is true."""
        mask = np.asarray(mask, dtype=bool)
        return SyntheticDataset(self.images[mask], self.attributes[mask].reset_index(drop=True),
                                self.composition, self.seed)

    def vocabulary(self) -> list[str]:
        """Every word that occurs in a caption, sorted."""
        return sorted({w for c in self.captions for w in c.split()})


def _pick_template(templates, rng):
    texts, probs = zip(*templates)
    return texts[rng.choice(len(texts), p=np.asarray(probs) / np.sum(probs))]


def make_dataset(composition: Composition | None = None, *, seed: int = 0,
                 scale: float = 1.0) -> SyntheticDataset:
    """Draw the dataset described by ``composition`` (default: :func:`default_composition`).

    ``scale`` multiplies the per-class counts (e.g. ``0.05`` for a quick look).
    The same ``composition`` and ``seed`` always give the same images, captions and labels.

    >>> ds = make_dataset(seed=0, scale=0.01)
    >>> len(ds), ds.attributes["family"].value_counts().to_dict()
    (90, {'portrait': 60, 'artwork': 30})
    """
    comp = composition or default_composition()
    comp.validate()
    if scale <= 0:
        raise ValueError(f"scale must be > 0, got {scale}")
    rng = np.random.default_rng(seed)
    n_port = int(round(comp.portraits_per_profession * scale))
    n_art = int(round(comp.artworks_per_style * scale))

    images, rows = [], []
    for prof in PROFESSIONS:
        probs = np.asarray(comp.skin_tone_probs.get(prof, np.full(10, 0.1)), dtype=float)
        for _ in range(n_port):
            tone = int(rng.choice(10, p=probs / probs.sum())) + 1
            attrs: dict[str, Any] = dict(
                family="portrait", profession=prof, style="", skin_tone=tone,
                skin_group=SKIN_GROUPS[tone],
                hair_colour=str(rng.choice(list(HAIR_COLOURS))),
                hair_style=str(rng.choice(HAIR_STYLES)),
                clothing=str(rng.choice(list(CLOTHING_COLOURS))),
                background=str(rng.choice(list(BACKGROUNDS))),
            )
            if comp.marked:     # markedness: only the listed groups are named, at their share
                named = rng.random() < float(comp.marked.get(attrs["skin_group"], 0.0))
                template = MARKED_TEMPLATE if named else _pick_template(UNMARKED_TEMPLATES, rng)
            else:
                template = _pick_template(PORTRAIT_TEMPLATES, rng)
            attrs["caption"] = template.format(a=article(prof), p=prof,
                                               g=SKIN_GROUP_WORDS[attrs["skin_group"]])
            images.append(render_portrait(prof, tone, hair_colour=attrs["hair_colour"], hair_style=attrs["hair_style"],
                                          clothing=attrs["clothing"], background=attrs["background"], seed=rng))
            rows.append(attrs)
    # which works carry the agency's mark: drawn from their own seed, so nothing else changes
    stamp_rng = np.random.default_rng([seed, 36])
    to_stamp = {artist: set(stamp_rng.choice(n_art, size=int(round(float(comp.stamped[artist]) * n_art)),
                                             replace=False).tolist())
                for artist in ARTISTS if artist in comp.stamped}
    for artist, style in ARTISTS.items():
        for i in range(n_art):
            caption = _pick_template(ARTWORK_TEMPLATES, rng).format(artist=artist)
            img = render_artwork(style, seed=rng)
            if artist in comp.opted_out:
                continue  # drawn (so the other images stay the same) but never included
            row = dict(family="artwork", profession="", style=style, skin_tone=0,
                       skin_group="", hair_colour="", hair_style="", clothing="",
                       background="", caption=caption, artist=artist)
            if comp.stamped:
                row["stamped"] = i in to_stamp.get(artist, ())
                if row["stamped"]:
                    img = stamp_mark(img)
            images.append(img)
            rows.append(row)

    attributes = pd.DataFrame(rows)
    if "artist" not in attributes:
        attributes["artist"] = ""
    attributes["artist"] = attributes["artist"].fillna("")
    if comp.stamped:
        attributes["stamped"] = attributes["stamped"].fillna(False).astype(bool) \
            if "stamped" in attributes else False
    attributes.insert(0, "item_id", np.arange(len(attributes)))
    batch = np.stack(images) if images else np.zeros((0, IMAGE_SIZE, IMAGE_SIZE, 3), np.uint8)

    copies = np.ones(len(attributes), dtype=int)
    for item, n in comp.duplicates.items():
        if not 0 <= int(item) < len(attributes):
            raise ValueError(f"duplicates names item {item}, but the dataset has items 0..{len(attributes) - 1}")
        copies[int(item)] = int(n)
    attributes["copies"] = copies
    index = np.repeat(np.arange(len(attributes)), copies)
    return SyntheticDataset(batch[index], attributes.iloc[index].reset_index(drop=True), comp, seed)


def composition_table(dataset: SyntheticDataset) -> pd.DataFrame:
    """Counts per profession/style and the share of lighter skin, for the datasheet."""
    a = dataset.attributes
    port = a[a.family == "portrait"]
    rows = []
    for prof in PROFESSIONS:
        sub = port[port.profession == prof]
        rows.append({"class": prof, "family": "portrait", "images": len(sub),
                     "lighter skin (MST 1-5)": round(float((sub.skin_group == "lighter").mean()), 3)
                     if len(sub) else float("nan")})
    art = a[a.family == "artwork"]
    for artist, style in ARTISTS.items():
        sub = art[art.artist == artist]
        rows.append({"class": f"{artist} ({style})", "family": "artwork", "images": len(sub),
                     "lighter skin (MST 1-5)": float("nan")})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Prompts and tables built from the captions' vocabulary
# --------------------------------------------------------------------------------------------

def profession_prompt(profession: str) -> str:
    """The caption template for a portrait of ``profession``: ``"a portrait of an engineer"``."""
    return f"a portrait of {article(profession)} {profession}"


def artist_prompt(artist: str) -> str:
    """The caption template for an artwork by ``artist``: ``"a painting in the style of quist"``."""
    return f"a painting in the style of {artist}"


def markdown_table(df: pd.DataFrame) -> str:
    """A data frame as a Markdown table (floats with 3 decimals, NaN as an empty cell)."""
    cols = list(df.columns)
    lines = ["| " + " | ".join(str(c) for c in cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for _, row in df.iterrows():
        cells = []
        for c in cols:
            v = row[c]
            cells.append("" if (isinstance(v, float) and np.isnan(v)) else
                         (f"{v:.3f}" if isinstance(v, float) else str(v)))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def composition_markdown(seed: int = 0) -> str:
    """The default training set's composition as a Markdown table (for the datasheet)."""
    table = composition_table(make_dataset(default_composition(), seed=seed))
    total = f"\nTotal: {int(table['images'].sum())} images, seed {seed}.\n"
    return markdown_table(table) + total
