"""``python -m tests.fake_cli``: the command line with the test geoparser in place of the real one.

For tests that need ``python -m geo`` as a process of its own (to kill it
mid-batch, say) without waiting on the real geoparser.
"""

from geo.cli import main
from tests import fake_parser

if __name__ == "__main__":  # not on import (pytest --doctest-modules imports every module)
    fake_parser.install()
    raise SystemExit(main())
