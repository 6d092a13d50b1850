"""Execute notebooks in place (outputs and widget state stored), the way they are committed.

    .venv/bin/python tools/execute_notebooks.py notebooks/00_images_are_arrays.ipynb ...

Run with the offline environment of `make test` (the Makefile's OFFLINE variables) so that the
committed outputs are exactly what nbval will reproduce.
"""
import sys
import time

import nbformat
from nbclient import NotebookClient

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}

for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata.setdefault("language_info", {"name": "python"})
    start = time.time()
    NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        # "# alt: text" in a code cell becomes the alt text of the figures it draws (myst-nb).
        alts = [l[len("# alt:"):].strip() for l in cell.source.splitlines() if l.startswith("# alt:")]
        if cell.cell_type == "code" and alts:
            cell.metadata["mystnb"] = {"image": {"alt": alts[0]}}
    nbformat.write(nb, path)
    print(f"{path}: executed in {time.time() - start:.1f} s")
