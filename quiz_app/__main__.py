"""``python -m quiz_app``: see ``quiz_app.cli``."""

import sys

from quiz_app.cli import main

sys.exit(main())
