"""``python -m helpers``: run the suite or check a corpus (see ``python -m helpers --help``)."""

import sys

from helpers.cli import main

sys.exit(main())
