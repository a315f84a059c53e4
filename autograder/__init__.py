"""Instructor tooling for "How Neural Networks Learn": generate the student edition, grade.

Not part of the student package (``nnlearn``): it runs hidden tests and reads the solutions.
``python -m autograder`` (:mod:`autograder.cli`) is the way in. The folders:

``chapters``  the chapters, as their instructor notebooks define them (the one place that knows)
``settings``  how a course is graded (one object, kept in the course directory)
``edition``   the student edition, generated from the instructor source
``hidden/``   all a hidden test may import: gradient checks, reference functions
``sandbox/``  the student's code, apart from the tests: launch, the wire, the kernel's side
``pipeline/`` nbgrader, configured: the course directory, execution, feedback
``grading/``  a class graded: intake, one task per submission, where tasks run, the gradebook
``report/``   what the instructor reads after grading
``demodata/`` the demos' precomputed data (nnlearn/data/), from the solutions
"""
