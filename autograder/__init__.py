"""Instructor tooling for "How Neural Networks Learn": numerical gradient checks with diagnoses,
the instructor's reference functions, and the nbgrader pipeline (generate, autograde, feedback).

Not part of the student package (``nnlearn``): it runs hidden tests and reads the solutions.
"""
