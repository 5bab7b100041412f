"""Sphinx configuration of the ftzgeo docs.

The API reference from the numpydoc docstrings, the design notes, and the notebooks as a
gallery (rendered from their stored outputs, never executed here).
"""

from __future__ import annotations

import importlib.metadata

project = "ftzgeo"
author = "ftzgeo contributors"
copyright = "ftzgeo contributors"
release = importlib.metadata.version("ftzgeo")

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "myst_nb",
]
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
autodoc_typehints = "description"
autodoc_member_order = "bysource"
# Each object is documented where it is defined, never again where a package face re-exports it.
autodoc_default_options = {"members": True, "ignore-module-all": True}
nb_execution_mode = "off"  # the notebooks run in the test suite; here they are only shown
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "notebooks/.ipynb_checkpoints", "notebooks/output"]
html_theme = "alabaster"
html_static_path: list[str] = []
