"""(being written: see issue 17/18)."""
