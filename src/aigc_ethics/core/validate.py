"""Kept so that older imports work: the image validator now lives with the image convention in
:mod:`aigc_ethics.core.images` (:func:`~aigc_ethics.core.images.check_images`,
:func:`~aigc_ethics.core.images.check_number`); import it from there.
"""

from aigc_ethics.core.images import (  # noqa: F401  (re-exported)
    FLOAT_TOLERANCE,
    MAX_SIDE,
    ImageBatch,
    ImageLike,
    check_images,
    check_number,
)
