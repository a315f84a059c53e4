"""Self-check of this benchmark (not a test of the course's checker).

1. Runs each chapter's hand-computed checks of its CORRECT versions and VARIANTS.
2. Confirms, on the probe calls of benchmarks/independent/selfcheck.py (the file-format
   companion of this set), that every variant agrees with the correct version and that
   every bug differs from it on at least one probe (another value, shape or dtype, an
   exception, a changed input or a RuntimeWarning).

Run from the repository root:  python -m benchmarks.heldout.selfcheck
"""

from benchmarks.heldout import chapters
from benchmarks.independent.selfcheck import _call, _same, probes


def _differs(ref, got):
    if ref[0][0] == "raised":  # an expected error (an unknown optimiser name)
        return got[0] != ref[0]
    return got[0][0] != "ok" or not _same(ref[0][1], got[0][1])


def main():
    mods = chapters()
    for m in mods:
        m._sanity()
    C = {}
    for m in mods:
        C.update(m.CORRECT)
    P = probes(C)
    undetected, variant_differs = [], []
    for m in mods:
        for v in m.VARIANTS:
            for args in P[v.function]:
                ref, got = _call(C[v.function], args), _call(v.implementation, args)
                if _differs(ref, got) or got[1] or got[2]:
                    variant_differs.append(f"{v.function}.{v.name}")
                    break
        for bug in m.BUGS + m.EXTRA_BUGS:
            for args in P[bug.function]:
                ref, got = _call(C[bug.function], args), _call(bug.implementation, args)
                if ref[1] or ref[2]:
                    raise AssertionError(f"correct {bug.function} changed input / warned")
                if _differs(ref, got) or got[1] or got[2]:
                    break
            else:
                undetected.append(f"{bug.function}.{bug.name}")
        print(
            f"{m.__name__.rsplit('.', 1)[1]}: {len(m.BUGS)} bugs (+{len(m.EXTRA_BUGS)} extra), "
            f"{len(m.CORRECT)} correct versions, {len(m.VARIANTS)} variants"
        )
    print("variants that differ from the correct version:", variant_differs or "none")
    print("bugs not told apart from the correct version by these probes:", undetected or "none")


if __name__ == "__main__":
    main()
