"""newsframes helpers: the tested code behind the notebooks.

Each stage of the pipeline has its own module; notebooks import them as ``helpers.<module>``.
"""

from helpers.errors import InputError

__all__ = ["InputError"]
__version__ = "0.1.0"
