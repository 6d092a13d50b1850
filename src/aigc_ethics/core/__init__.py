"""Core floor: the synthetic world, the model, images and statistics. Imports nothing from
``aigc_ethics.chapters`` or ``aigc_ethics.course``."""
