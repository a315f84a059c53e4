"""Grading a class: the engine that grades the submissions intake found, one task each.

``run``        :func:`~autograder.grading.run.grade`, which puts these together;
``admin``      course administration around a run: roster, due dates, late policy, --student,
               the LMS exports;
``task``       one (student, chapter) graded in a throw-away course, returning plain data;
``local``      the tasks graded on this machine (a process pool);
``cluster``    the tasks graded on a Dask cluster;
``gradebook``  the one writer: each result into the course's gradebook, one transaction each.
"""
