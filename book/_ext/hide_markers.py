"""Sphinx extension: hide the course's internal markers from readers (issue 19).

Code cells carry two markers for the tooling, not for students: ``# NBVAL_IGNORE_OUTPUT`` (nbval
must find it in the notebook, so it stays in the .ipynb) and ``# alt: ...`` (the figure's alt text,
already copied into the cell metadata by tools/execute_notebooks.py). This removes those lines from
the rendered code blocks only; the notebooks and their downloads keep them.
"""
import re

from docutils import nodes

MARKER = re.compile(r"^[ \t]*# ?(NBVAL_[A-Z_]+|alt:).*(\n|$)", re.M)


def strip_markers(app, doctree, docname):
    for block in list(doctree.findall(nodes.literal_block)):
        text = block.astext()
        if not MARKER.search(text):
            continue
        new = MARKER.sub("", text)
        block.children = [nodes.Text(new)]
        block.rawsource = new


def setup(app):
    app.connect("doctree-resolved", strip_markers)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
