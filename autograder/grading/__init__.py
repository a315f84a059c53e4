"""Grading a class: from a folder of submissions to a gradebook, one task per submission.

``intake``     the submissions folder: which notebook is whose, for which chapter; checks;
``scan``       a static scan that flags submissions for manual review (never changes a score);
``task``       one (student, chapter) graded in a throw-away course, returning plain data;
``local``      the tasks graded on this machine (a process pool);
``cluster``    the tasks graded on a Dask cluster;
``gradebook``  the one writer: each result into the course's gradebook, one transaction each;
``run``        :func:`~autograder.grading.run.grade`, which puts these together.
"""
