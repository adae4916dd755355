"""`python -m floortrack` is the same as the `floortrack` command."""

import sys

from floortrack.cli import main

sys.exit(main())
