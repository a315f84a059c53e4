"""The correct versions of this set with each chapter's two VARIANTS in place of the plain
correct version of their functions, for the diagnoses harness:

    python -m benchmarks.diagnoses --bugs benchmarks.heldout.variants

The harness only runs a module's CORRECT when it has bugs, so BUGS holds chapter 1's
``step`` / ``strict`` (caught and named in the main run); read only the line
"correct implementations: N, flagged: K".
"""

from benchmarks.heldout import chapters

CORRECT = {}
for _chapter in chapters():
    CORRECT.update(_chapter.CORRECT)
    CORRECT.update({v.function: v.implementation for v in _chapter.VARIANTS})

BUGS = [b for b in chapters()[0].BUGS if (b.function, b.name) == ("step", "strict")]
EXTRA_BUGS = []
