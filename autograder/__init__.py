"""Instructor tooling for "How Neural Networks Learn": generate the student edition, grade.

Not part of the student package (``nnlearn``): it runs hidden tests and reads the solutions.
``python -m autograder`` (:mod:`autograder.cli`) is the way in. From the top floor down (a module
imports only from the floors below it):

``cli``        the commands: a parser and one function per command
``grading/``   the engine: a run, course administration, one task per submission, where tasks
               run (a process pool, a Dask cluster), the one gradebook writer
``edition``    the student edition, generated from the instructor source
``demodata/``  the demos' precomputed data (nnlearn/data/), from the solutions
``intake/``    a submissions folder or LMS download: the archive, the LMS's names, the roster,
               one notebook per student and chapter, its tampering undone
``review/``    the advisory scan: flags for a human look, never a score
``report/``    what the instructor reads after grading: the class report, the tables, the LMS
               exports, the record of every run
``pipeline/``  nbgrader, configured: the course directory, execution, feedback, the late policy
``hidden/``    all a hidden test may import: gradient checks, reference functions
``settings``   how a course is graded (one object, kept in the course directory)
``chapters``   the chapters, as their instructor notebooks define them (the one place that knows)
``coursedir``  the course directory: the course id, every path and file name in it
``outcome``    what became of one submission: a row of report.csv
``sandbox/``   the student's code, apart from the tests: launch, the wire, the kernel's side
"""
