"""aigc_ethics: the library behind the course "Ethics of AI-generated images".

The package is built in three floors; a floor imports only from the floors below it
(``tests/test_architecture.py`` enforces this, and that there are no import cycles):

``core`` -- what every chapter stands on
    ``datasets`` (the synthetic, labelled world and its captions, prompt builders),
    ``generate`` (the tiny text-to-image pipeline, batched generation, regeneration, the device
    picker), ``train`` (the training loop), ``attributes`` (a classifier that reads attributes off
    generated images), ``vae`` (a second generator of another architecture), ``images`` (the
    image convention, its types and validator, converters, JPEG and resize round trips, luma, plots), ``stats`` (ROC/AUC,
    bootstrap, Wilson interval, diversity), ``similarity`` (distances between images), ``people``
    (the invented people of the likeness chapter), ``checkpoints`` (shipped checkpoints and their
    pinned SHA-256), ``state`` (resumable training states, the one training loop); ``validate`` is the
    old home of the image validator, now in ``images``.

``chapters`` -- one module per concern the book teaches
    privacy: ``privacy``; bias: ``bias``, ``filters``; intellectual property: ``replication``,
    ``watermark``, ``treering``, ``attacks``, ``provenance``; misinformation: ``image_sets``, ``detect``, ``quiz``;
    law and society: ``regulation``, ``society``, ``backdoor``; creators' rights: ``marks``,
    ``attribution``, ``royalties``, ``cloak``, ``style_remedies``, ``tdm``; likeness: ``likeness``,
    ``protection``, ``consent``, ``takedown``.

``course`` -- what a student touches in a notebook
    ``notebook`` (the setup cell), ``widgets``, ``check`` (exercise feedback), ``exercises``
    (builds exercise notebooks from solutions: ``python -m aigc_ethics.course.exercises``), ``report``
    (a student's check outcomes and measured numbers, written to hand in).

Maintenance tooling (benchmarks, model-card writers, training scripts, book-table writers)
lives in the repository's ``tools/`` folder, not in the package.

Short names
-----------
Every module is also importable by its short name, which is the name the lessons use:
``aigc_ethics.generate`` *is* ``aigc_ethics.core.generate`` (the same module object, not a copy),
``aigc_ethics.watermark`` is ``aigc_ethics.chapters.watermark``, ``aigc_ethics.check`` is
``aigc_ethics.course.check``, and so on (:data:`SHORT_NAMES`).

>>> from aigc_ethics.generate import load_pipeline
>>> import aigc_ethics.core.generate as G
>>> G.load_pipeline is load_pipeline
True
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import os
import sys

# Thread settings that hold up on a busy machine (a student's laptop always runs a browser), set
# before anything imports torch: OpenMP's default active spin-wait made 16 images take > 200 s
# instead of ~9 s with one other busy process on 2 cores (issue 19). setdefault: a user's own
# settings win. course.notebook.setup() fixes torch's intra-op thread count to the same number.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OMP_NUM_THREADS", str(min(2, os.cpu_count() or 1)))

__version__ = "0.2.0"

#: The floors, bottom to top, with their modules.
FLOORS: dict[str, tuple[str, ...]] = {
    "core": ("datasets", "generate", "train", "attributes", "vae", "images", "stats", "similarity",
             "people", "checkpoints", "validate", "state"),
    "chapters": ("privacy", "bias", "filters", "replication", "watermark", "treering", "attacks",
                 "provenance", "image_sets", "detect", "quiz", "regulation", "society", "backdoor",
                 "consent", "takedown", "likeness",  # likeness chapter
                 "royalties", "tdm", "marks", "attribution",  # creators' rights
                 "cloak", "style_remedies",
                 "protection"),                  # likeness chapter, lesson 61 (imports cloak and likeness)
    "course": ("notebook", "widgets", "check", "exercises", "report"),
}

#: ``aigc_ethics.<short>`` -> ``aigc_ethics.<floor>.<short>``; plus the old names of two modules
#: that were renamed when the floors were introduced (``imaging`` -> ``images``, ``metrics`` -> ``stats``).
SHORT_NAMES: dict[str, str] = {f"{__name__}.{m}": f"{__name__}.{floor}.{m}"
                               for floor, modules in FLOORS.items() for m in modules}
SHORT_NAMES[f"{__name__}.imaging"] = f"{__name__}.core.images"
SHORT_NAMES[f"{__name__}.metrics"] = f"{__name__}.core.stats"


def _real_name(fullname: str) -> str | None:
    """The real module behind a short name (also for submodules such as ``aigc_ethics.check.bias``)."""
    for short, real in SHORT_NAMES.items():
        if fullname == short or fullname.startswith(short + "."):
            return real + fullname[len(short):]
    return None


class _ShortNameLoader(importlib.abc.Loader):
    def __init__(self, real: str):
        self.real = real

    def create_module(self, spec):
        module = importlib.import_module(self.real)   # the real module object, registered under both names
        self.real_spec = module.__spec__
        return module

    def exec_module(self, module):
        module.__spec__ = self.real_spec               # the import system set the short name's spec; undo it

    def get_code(self, fullname):                      # ``python -m aigc_ethics.train`` runs the real module
        return importlib.util.find_spec(self.real).loader.get_code(self.real)

    def is_package(self, fullname):
        return importlib.util.find_spec(self.real).submodule_search_locations is not None


class _ShortNameFinder(importlib.abc.MetaPathFinder):
    """Resolves ``aigc_ethics.<short name>`` to the module on its floor (see :data:`SHORT_NAMES`)."""

    def find_spec(self, fullname, path=None, target=None):
        real = _real_name(fullname)
        if real is None:
            return None
        spec = importlib.util.find_spec(real)
        if spec is None:
            return None
        return importlib.util.spec_from_loader(fullname, _ShortNameLoader(real), origin=spec.origin,
                                               is_package=spec.submodule_search_locations is not None)


if not any(isinstance(f, _ShortNameFinder) for f in sys.meta_path):
    sys.meta_path.insert(0, _ShortNameFinder())
