"""The time limit of a cell charges the student's code its own time, not the machine's load.

Each test runs cells in a real sandboxed student process (the ``shell`` fixture of conftest.py)
with a limit of one or two seconds of own time per cell. A cell whose own time is well inside
the limit must pass on a machine starved to a few percent of one core
(``tests/support/load.py``), where a wall-clock limit would stop it; an endless loop, a sleep
loop and a loop that ignores the interrupt must still be stopped, there too.
"""

import os
import time
from pathlib import Path

import pytest
from support.load import cpu_quota

from autograder.sandbox import kernel as sandbox
from autograder.sandbox.launch import Limits

# About 0.3 s of CPU on these machines (a fixed amount of work, not a fixed time).
WORK = "total = 0\nfor i in range(3_000_000):\n    total += i\n"


@pytest.fixture
def limit(shell, monkeypatch):
    """Student processes started from here get ``seconds`` of own time per cell."""

    def set_limit(seconds: float):
        monkeypatch.setenv(sandbox.LIMITS_VARIABLE, Limits(cell_seconds=seconds).to_json())
        return shell

    return set_limit


def new_cell(shell) -> None:
    """What the grading kernel does before each cell (sandbox.install's pre_run_cell hook)."""
    sandbox._student(shell).meter.new_cell()


def stopped(shell, source: str) -> None:
    """Run the cell ``source``: it must be stopped at its time limit."""
    with pytest.raises(sandbox.TimeLimit):
        sandbox.run_cell(source, shell)


def starved(shell, fraction: float):
    """The grading kernel (this process) and the running student process, on ``fraction`` of
    one core together."""
    return cpu_quota(fraction, pids=(sandbox._student(shell).process.pid,))


def test_an_endless_loop_is_interrupted_at_its_limit_and_the_process_lives_on(limit):
    shell = limit(1)
    with pytest.raises(sandbox.TimeLimit, match="time limit of 1 s per cell.*interrupted"):
        sandbox.run_cell("while True:\n    pass\n", shell)
    new_cell(shell)
    sandbox.run_cell("after = 'still here'\n", shell)
    assert shell.user_ns["after"] == "still here"


def test_a_sleep_loop_is_charged_for_its_sleep(limit):
    shell = limit(1)
    stopped(shell, "import time\nwhile True:\n    time.sleep(0.01)\n")


def test_catching_the_interrupt_does_not_buy_more_time(limit):
    shell = limit(1)
    source = (
        "while True:\n"
        "    try:\n"
        "        while True:\n"
        "            pass\n"
        "    except KeyboardInterrupt:\n"
        "        break\n"
    )
    stopped(shell, source)


def test_a_loop_that_ignores_the_interrupt_is_killed(limit):
    shell = limit(1)
    source = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n"
    with pytest.raises(sandbox.StudentProcessLost, match="did not stop when interrupted"):
        sandbox.run_cell(source, shell)


def test_each_cell_has_a_limit_of_its_own(limit):
    # Each cell ten times inside the limit (on a core shared with other work, CPU time grows:
    # ~0.5 s for this cell at a load of 10 on 2 cores); together 12 x 0.3 s, over the limit
    # if it were one budget for the notebook.
    shell = limit(3)
    sandbox.run_cell(WORK, shell)
    for _ in range(11):
        new_cell(shell)
        sandbox.run_cell(WORK, shell)


def test_a_cell_within_its_limit_passes_on_a_starved_machine(limit):
    shell = limit(2)
    sandbox.run_cell("x = 1\n", shell)  # the student process starts before the quota
    new_cell(shell)
    with starved(shell, 0.05):  # 5% of one core: the work takes ~6 s of wall time, 3 x the limit
        sandbox.run_cell(WORK, shell)
    assert shell.user_ns["total"] == sum(range(3_000_000))


def test_callbacks_are_charged_their_cpu_not_the_kernels_wait(limit):
    """2,000 calls into the grading kernel: each one the student process waits for a kernel
    that must first get a CPU; that wait is the machine's load, not the student's time."""
    shell = limit(2)
    shell.user_ns["g"] = lambda value: value + 1
    sandbox.run_cell(
        "def loop(n):\n    x = 0\n    for _ in range(n):\n        x = g(x)\n    return x\n", shell
    )
    new_cell(shell)
    with starved(shell, 0.05):
        assert shell.user_ns["loop"](2_000) == 2_000


def test_an_endless_loop_on_a_busy_machine_is_still_stopped(limit):
    shell = limit(1)
    sandbox.run_cell("x = 1\n", shell)
    new_cell(shell)
    with starved(shell, 0.25), pytest.raises(sandbox.TimeLimit):
        sandbox.run_cell("while True:\n    pass\n", shell)


def test_an_endless_loop_of_callbacks_is_stopped_at_its_limit(limit):
    """Messages come every fraction of a millisecond: the kernel never waits long, and must
    look at the own time all the same. (Bounded at 20 s of wall time so that a kernel that
    never looks makes the test fail, not hang.)"""
    shell = limit(1)
    shell.user_ns["g"] = lambda value: value + 1
    source = (
        "import time\nx, end = 0, time.monotonic() + 20\n"
        "while time.monotonic() < end:\n    x = g(x)\n"
    )
    stopped(shell, source)


def test_callbacks_are_charged_the_work_they_do(limit):
    """Ten calls into the kernel, each about 0.3 s of CPU there (WORK): over a 1 s limit."""
    shell = limit(1)
    shell.user_ns["work"] = lambda: exec(WORK, {})
    stopped(shell, "for _ in range(10):\n    work()\n")


def cpu_seconds(pid: int) -> float:
    """utime + stime of process ``pid`` (all its threads), from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_the_wire_is_not_charged_only_the_callbacks_work(limit):
    """3,000 calls into the kernel, each passing an array of 20,000 numbers there and back.
    The kernel's side of the messages (about as much CPU as the student's side) is this
    package's plumbing, not the student's time: what is charged is the student process's CPU
    and the callbacks' CPU, and a little sleep (each wake-up of the kernel), not twice that."""
    shell = limit(30)
    shell.user_ns["echo"] = lambda array: array
    sandbox.run_cell("import numpy as np\nv = np.ones(20_000)\n", shell)
    new_cell(shell)
    side = sandbox._student(shell)
    cpu, served = cpu_seconds(side.process.pid), side.meter.served
    start = time.monotonic()
    sandbox.run_cell("for _ in range(3_000):\n    v = echo(v)\n", shell)
    wall = time.monotonic() - start
    own = cpu_seconds(side.process.pid) - cpu + side.meter.served - served
    assert side.meter.charged() <= own + 0.05 + 0.2 * wall, (side.meter.charged(), own, wall)


def test_each_wait_and_turn_reads_the_student_processs_clocks_once():
    """A stretch ends and the next begins at one reading (a request makes several: the kernel
    side's wire charges each of thousands of round trips), and nothing falls between them."""
    from autograder.sandbox.owntime import Meter

    meter = Meter(os.getpid())
    reads = []
    student_read = meter.student.read
    meter.student.read = lambda: reads.append(1) or student_read()
    meter.begin()
    reads.clear()
    meter.waiting()
    assert len(reads) == 1
    meter.woken(0.0)
    assert len(reads) == 2
    meter.end()
    meter.close()
