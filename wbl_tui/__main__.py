"""Allow ``python -m wbl_tui``."""

import sys

from wbl_tui.cli import main

sys.exit(main())
