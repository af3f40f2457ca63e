"""Entry point of the frozen executables (``ordinance-reader`` and ``ordinance-reader-cli``): ``desktop.cli.main()``."""

import os
import sys

# The windowed Windows executable has no console: give print() and argparse somewhere to write.
for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))

from desktop.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
