"""The grading kernel as BoundedExecute starts it: transport, limits, what its errors show."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from support.nbutil import code_notebook

from autograder.pipeline.execute import BoundedExecute


def _run(coroutine):
    """Run ``coroutine`` to its end in a thread of its own, where no event loop runs (an earlier
    test of the session may leave one marked running in this thread, and asyncio.run refuses
    to start there)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_the_kernel_runs_over_ipc_in_a_private_folder_without_the_tcp_warning(capfd, tmp_path):
    ep = BoundedExecute(timeout=120, startup_timeout=120, memory_limit=0)
    nb = code_notebook(
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


class _Channel:
    """A channel whose get_msg hands out ``messages`` in turn, then raises Empty."""

    def __init__(self, messages):
        self.messages, self.read = list(messages), 0

    async def get_msg(self, timeout=None):
        from queue import Empty

        self.read += 1
        if not self.messages:
            raise Empty
        return self.messages.pop(0)


def _client(shell, iopub):
    from autograder.pipeline.execute import PromptKernelClient

    class Faked(PromptKernelClient):
        asked = 0
        shell_channel = iopub_channel = None  # (properties of the base class: set below)

        def kernel_info(self):
            self.asked += 1

        async def _async_is_alive(self):
            return True

    client = Faked()
    client.shell_channel, client.iopub_channel = _Channel(shell), _Channel(iopub)
    return client


def _reply():
    content = {"protocol_version": "5.3", "language_info": {"name": "python"}}
    return {"msg_type": "kernel_info_reply", "content": content}


def _status():
    return {"msg_type": "status", "content": {"execution_state": "idle"}}


def test_the_kernel_is_ready_once_it_answered_and_iopub_delivered_not_once_iopub_fell_silent():
    client = _client([_reply()], [_status(), _status(), _status()])
    _run(client.wait_for_ready(timeout=60))
    # jupyter_client's own wait reads IOPub until a read finds nothing (4 reads here, the
    # last waiting 0.2 s); nbclient skips those messages anyway (not a cell's request)
    assert client.iopub_channel.read == 1
    assert client.iopub_channel.messages == [_status(), _status()]
    assert client.asked == 1


def test_a_kernel_whose_iopub_is_not_connected_yet_is_asked_again():
    client = _client([_reply(), _reply()], [])
    client.iopub_channel.messages = []  # the first kernel_info's status messages were missed

    async def connect_after_first_read(timeout=None, read=client.iopub_channel.get_msg):
        if client.iopub_channel.read == 1:
            client.iopub_channel.messages.append(_status())
        return await read(timeout)

    client.iopub_channel.get_msg = connect_after_first_read
    _run(client.wait_for_ready(timeout=60))
    assert client.asked == 2
    assert client.iopub_channel.read == 2


def test_the_grading_kernel_is_read_with_that_client(tmp_path):
    from autograder.pipeline.execute import PromptKernelClient

    ep = BoundedExecute(timeout=120, startup_timeout=120, memory_limit=0)
    ep.nb, ep._ipc_dir = code_notebook(), str(tmp_path)
    assert isinstance(ep.create_kernel_manager().client(), PromptKernelClient)


def test_the_grader_looks_for_the_kernels_exit_more_often_than_every_tenth_of_a_second(
    tmp_path, monkeypatch
):
    from autograder.pipeline.execute import EXIT_POLL_SECONDS, PromptKernelManager

    ep = BoundedExecute(timeout=120, startup_timeout=120, memory_limit=0)
    ep.nb, ep._ipc_dir = code_notebook(), str(tmp_path)
    km = ep.create_kernel_manager()
    assert isinstance(km, PromptKernelManager)
    alive, slept = [True, True, False, False], []  # (finish_shutdown waits twice)

    async def is_alive():
        return alive.pop(0)

    async def sleep(seconds):
        slept.append(seconds)

    monkeypatch.setattr(km, "_async_is_alive", is_alive)
    monkeypatch.setattr(asyncio, "sleep", sleep)
    _run(km._async_finish_shutdown(waittime=5))  # as shutdown_kernel waits for the exit
    assert slept == [EXIT_POLL_SECONDS, EXIT_POLL_SECONDS] and EXIT_POLL_SECONDS < 0.1
