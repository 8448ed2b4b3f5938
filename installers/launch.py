"""The frozen app's entry point: the same `main` as `python -m microoffice`."""

from __future__ import annotations

import sys

from microoffice.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
