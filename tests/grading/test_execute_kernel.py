"""The grading kernel as BoundedExecute starts it: transport, limits, what its errors show."""

import nbformat

from autograder.pipeline.execute import BoundedExecute


def _notebook(*sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def test_the_kernel_runs_over_ipc_in_a_private_folder_without_the_tcp_warning(capfd, tmp_path):
    ep = BoundedExecute(timeout=120, startup_timeout=120, memory_limit=0)
    nb = _notebook(
        "import json, os\nfrom ipykernel.connect import get_connection_file\n"
        "info = json.load(open(get_connection_file()))\n"
        "print(info['transport'], oct(os.stat(os.path.dirname(get_connection_file())).st_mode))"
    )
    ep.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    printed = nb.cells[0].outputs[0]["text"]
    assert printed.split()[0] == "ipc", printed
    assert printed.split()[1].endswith("700"), "the sockets' folder is the grader's alone"
    assert "without encryption" not in capfd.readouterr().err
    assert not list(tmp_path.iterdir()), "no socket file left in the notebook's folder"
