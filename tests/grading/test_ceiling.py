"""The ceiling's clock (autograder/pipeline/ceiling.py) takes the load out, within a bound.

Processes that only wait for a CPU do not move it; but the processes are the student's to
start, and eight of them spinning on a tenth of a core wait eight times longer than the wall
clock runs: the clock still counts a tenth of the wall time (MAX_STRETCH), so a cell that starts
them is still stopped.
"""

import os
import signal
import subprocess
import sys
import time

from support.load import kernels_on_quota

from autograder.pipeline.ceiling import MAX_STRETCH, LoadFreeClock

SPINNERS = "import os\nfor _ in range(3):\n    os.fork()\nwhile True:\n    pass\n"  # 8 in all


def test_processes_that_only_wait_for_a_cpu_stretch_the_ceiling_no_more_than_its_bound():
    with kernels_on_quota(0.1, marker="nnl-spinners") as moved:
        proc = subprocess.Popen(
            [sys.executable, "-c", SPINNERS, "nnl-spinners"], start_new_session=True
        )
        try:
            clock = LoadFreeClock(proc.pid)
            started = time.monotonic()
            time.sleep(3)
            before = time.monotonic() - started
            elapsed = clock.elapsed()
            after = time.monotonic() - started
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert len(moved) == 8, moved
    assert before / MAX_STRETCH - 0.05 <= elapsed <= after / MAX_STRETCH + 0.05


def test_without_a_process_it_is_a_wall_clock():
    clock = LoadFreeClock(None)
    time.sleep(0.2)
    assert 0.2 <= clock.elapsed() < 1.0
