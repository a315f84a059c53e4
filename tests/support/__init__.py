"""What the tests share, and the benchmarks with them (``from support.nbutil import ...`` in a
test: pyproject's ``pythonpath`` holds ``tests``; ``from tests.support.nbutil import ...`` in a
benchmark, run as ``python -m benchmarks.NAME`` from the checkout).

``nbutil``      the instructor notebooks: reading, executing, nbgrader, a student's submission;
``leaks``       the lines of the solution and hidden-test blocks, which must never reach a student;
``gradebooks``  a course and its gradebook without grading a notebook;
``mutants``     the labelled mutants of the diagnosis benchmark;
``browser``     headless Chromium (Playwright): a static server, the demos, screenshots;
``lite``        the in-browser lab (JupyterLite) driven through its menus;
``cluster``     a Dask scheduler and workers on 127.0.0.1;
``pg``          a throw-away PostgreSQL server;
``load``        CPU burners and a CPU quota, for the grading-under-load tests.

The tests themselves, by what they test: ``student/`` (the nnlearn package), ``course/`` (the
instructor source, the student edition and the book's text), ``grading/`` (autograder's units),
``e2e/`` (nbgrader end to end), ``book/`` (the built book and the browser), ``repo/`` (lint,
the README).
"""
