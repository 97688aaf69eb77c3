from __future__ import annotations

import sys

from paperkb.cli import main

sys.exit(main())
