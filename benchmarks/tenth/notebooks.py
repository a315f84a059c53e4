"""The tenth set's correct versions through the student edition's visible check cells
(benchmarks.blind_notebooks).

Run from the repository root:  python -m benchmarks.tenth.notebooks [04 05 ...]
"""

import sys

from benchmarks.blind_notebooks import main
from benchmarks.tenth import chapters

if __name__ == "__main__":
    main(chapters, sys.argv[1:])
