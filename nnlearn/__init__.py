"""Helpers for the course "How Neural Networks Learn": self-checks, demos, plotting.

This is what students install next to the chapter notebooks. It holds no exercise solution:
demos that need a derivative compute it with the scalar engine in :mod:`nnlearn.graph`, not
with the vectorised code the exercises ask for.
"""

__version__ = "0.1.0"
