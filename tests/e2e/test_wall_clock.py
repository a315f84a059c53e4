"""The wall-clock ceiling, the grader's last resort, stops a cell and says so.

Own-time limits (tests/grading/test_owntime.py) stop the student's code; the ceiling is nbgrader's
per-cell timeout, for a cell that hangs where no own time is charged, or a machine far too busy.
Here it fires on an instructor cell that sleeps in the grading kernel itself, and on an endless
loop held back by a CPU quota; a cell that is only slowed down by the quota is not stopped.
"""

import nbformat
from nbformat.v4 import new_code_cell, new_notebook
from support.load import kernels_on_quota

from autograder.grading.task import stopped_cells
from autograder.pipeline.execute import WALL_CLOCK, BoundedExecute


def run(cells, **settings):
    nb = new_notebook(cells=[new_code_cell(source) for source in cells])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    BoundedExecute(**settings).preprocess(nb, {"metadata": {"path": "."}})
    return nb


def test_a_cell_past_the_ceiling_gets_one_error_that_names_it():
    nb = run(["import time\ntime.sleep(600)", "after = 1\nprint(after)"], timeout=2)
    errors = [out for out in nb.cells[0].outputs if out.output_type == "error"]
    assert [out.ename for out in errors] == [WALL_CLOCK[0]]
    assert "wall-clock ceiling of 2 s" in errors[0].evalue
    assert nb.cells[1].outputs[0].text == "1\n", "the next cell runs"
    assert stopped_cells(nb).startswith("wall-clock ceiling")
    assert nbformat.validate(nb) is None


# The ceiling is charged the cell's wall time less what the kernel waited for a CPU
# (autograder/pipeline/ceiling.py). On 20% of one core, a cell that runs 1 s of CPU takes
# about 5 s of wall time: past a 3 s ceiling on a wall clock, well within it without the wait.
BURN_ONE_CPU_SECOND = (
    "import time\nstart = time.process_time()\n"
    "while time.process_time() - start < 1.0:\n    pass\nprint('done')"
)


def test_a_cell_slowed_by_a_cpu_quota_is_not_stopped_by_the_ceiling():
    with kernels_on_quota(0.2) as moved:
        nb = run([BURN_ONE_CPU_SECOND], timeout=3)
    assert moved, "no kernel was put on the quota"
    assert [out.get("text") for out in nb.cells[0].outputs] == ["done\n"]


def test_an_endless_loop_on_a_cpu_quota_is_still_stopped():
    with kernels_on_quota(0.2):
        nb = run(["while True:\n    pass", "print('after')"], timeout=2)
    errors = [out for out in nb.cells[0].outputs if out.output_type == "error"]
    assert [out.ename for out in errors] == [WALL_CLOCK[0]]
    assert nb.cells[1].outputs[0].text == "after\n"
