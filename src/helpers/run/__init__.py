"""Running the suite: configurations, the runner (plan, execute, publish), the front page, the browser check.

Modules: :mod:`~helpers.run.config` (run configurations and ``--set``), :mod:`~helpers.run.notebooks`
(which notebooks there are, their parameters, and checking them with each stage's
``parameters`` module), :mod:`~helpers.run.runner` (papermill in parallel kernels, the report
folder put in place atomically), :mod:`~helpers.run.render` (nbconvert, sanitised HTML),
:mod:`~helpers.run.navigation` (each page's header and footer), :mod:`~helpers.run.index` (the
front page), :mod:`~helpers.run.browser` (headless Chromium).

This package is the only one that imports the stages (to load the corpus once and check each
notebook's parameters); no stage imports it.
"""

import sys

# nbformat (under papermill and nbconvert) imports jsonschema, whose optional IRI format checker
# imports rfc3987_syntax when it is installed (jupyter-events pulls it in); that module compiles a
# grammar at import, 2.3 s on every run, for a format no notebook schema uses. Marking it absent
# makes jsonschema skip that one checker, as it does wherever the package is not installed.
sys.modules.setdefault("rfc3987_syntax", None)
