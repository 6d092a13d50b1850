"""aigc_ethics: the library behind the course "Ethics of AI-generated images".

One module per concern: ``datasets`` (the synthetic, labelled training data), ``generate``
(the tiny text-to-image pipeline), ``train`` (how it was trained), ``attributes`` (a classifier
that reads attributes off generated images), ``check`` (exercise feedback), ``exercises``
(builds exercise notebooks from solutions), ``imaging`` (image-as-array helpers).
"""

__version__ = "0.1.0"
