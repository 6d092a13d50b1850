"""Course floor: what a student touches in a notebook (setup cell, widgets, exercise checks,
the exercise builder). May import from every floor below it."""
