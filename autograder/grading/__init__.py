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

# jsonschema (under nbformat) checks the "iri" formats with rfc3987_syntax when it is installed
# (jupyter_events wants it), which compiles its grammars as it is imported: 3.2 CPU seconds of
# every grading process's start-up, the client's and each worker's. No schema read while grading
# (nbformat's, nbgrader's) uses those formats: the grading processes do without it (a module
# that is None in sys.modules cannot be imported; jsonschema then leaves those formats
# unchecked). Where it was imported already, it stays.
sys.modules.setdefault("rfc3987_syntax", None)
