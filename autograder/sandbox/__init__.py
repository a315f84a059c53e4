"""The student's code, apart from the tests: a sandboxed process and the wire to it.

``launch``   start the student process (bubblewrap, limits) and check that the sandbox works;
``worker``   the student process itself: runs the student's cells, nothing else;
``wire``     the messages between the two processes: data, never pickles;
``kernel``   the grading kernel's side: send a student's cell, stop code past its time limit;
``owntime``  the time a cell is charged for: its own, not the machine's load.
"""
