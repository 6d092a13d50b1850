"""Chapters floor: one module per concern the book teaches. Imports from ``aigc_ethics.core``
(and from other chapter modules), never from ``aigc_ethics.course``."""
