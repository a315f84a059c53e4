"""Grading a class: the engine that grades the submissions intake found, one task each.

``run``        :func:`~autograder.grading.run.grade`, which puts these together;
``admin``      course administration around a run: roster, due dates, late policy, --student,
               the LMS exports;
``task``       one (student, chapter) graded in a throw-away course, returning plain data;
``local``      the tasks graded on this machine (a process pool);
``cluster``    the tasks graded on a Dask cluster;
``gradebook``  the one writer: each result into the course's gradebook, one transaction each.
"""

import sys

# jsonschema (under nbformat) checks some string formats with optional libraries when they are
# installed (jupyter_events wants them), and imports them as it is imported: rfc3987_syntax
# ("iri") compiles its grammars (3.2 CPU seconds), rfc3986_validator ("uri") its expressions and
# isoduration ("duration") loads arrow: a second or more of every grading process's start-up at
# load, the client's and each worker's. No schema read while grading uses a "format" (nbformat's
# schemas have none; nbgrader's and nbconvert's read none): the grading processes do without
# them (a module that is None in sys.modules cannot be imported; jsonschema then leaves those
# formats unchecked). Where one was imported already, it stays.
for _optional in ("rfc3987_syntax", "rfc3986_validator", "isoduration"):
    sys.modules.setdefault(_optional, None)
