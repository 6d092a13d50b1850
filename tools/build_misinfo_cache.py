"""Generate the misinformation chapter's image sets into ``aigc_ethics/data/misinfo_images.npz``
(maintenance tool; delete a set from the file, or the file, to regenerate it).

    .venv/bin/python tools/build_misinfo_cache.py [--out PATH]
"""
import argparse

from aigc_ethics.chapters.image_sets import CACHE_FILE, build_image_cache

if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=str(CACHE_FILE))
    print("wrote", build_image_cache(p.parse_args().out))
