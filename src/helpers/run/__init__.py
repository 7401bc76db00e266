"""Running the suite: configurations, the runner (plan, execute, publish), the front page, the browser check.

Modules: :mod:`~helpers.run.config` (run configurations and ``--set``), :mod:`~helpers.run.notebooks`
(which notebooks there are, their parameters, and checking them with each stage's
``parameters`` module), :mod:`~helpers.run.runner` (papermill in parallel kernels, the report
folder put in place atomically), :mod:`~helpers.run.render` (nbconvert, sanitised HTML),
:mod:`~helpers.run.index` (the front page), :mod:`~helpers.run.browser` (headless Chromium).

This package is the only one that imports the stages (to load the corpus once and check each
notebook's parameters); no stage imports it.
"""
