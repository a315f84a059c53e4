"""Grading at the floor: the project's ``grade`` against stock nbgrader, where the time goes, and
one worker against two.

    .venv/bin/python -m benchmarks.grading_floor [--repeats 3] [--skip-fixed] [--skip-phases]
        [--skip-stock] [--skip-dask] [--quick] [--fixed-only] [--timeline]

All on correct chapter-4 submissions, in the sandbox, everything measured back to back in one
run (the machine is shared: the ratios of one repeat are taken together, then their medians):

0. The fixed cost of a run: each step (start-up, the sandbox check and memory probe, the
   course's set-up, the releases, the package, the reports), cold (a new course and cache) and
   cached (the same course again), each run a process of its own.
1. Phases: one worker grades the same submission several times (after one task to warm up);
   milliseconds per task in each phase (kernel start and shutdown, the cells, nbgrader's
   preprocessors and gradebook, the feedback page...), nested phases indented under theirs.
2. The floor: a bare kernel start + shutdown.
3. Project vs stock, 6 then 12 notebooks, as whole processes: ``python -m autograder grade
   --jobs 1`` into a fresh course, against plain ``nbgrader autograde`` + ``nbgrader
   generate_feedback`` in a course made the same way (same sandbox, same config; the course and
   its release made beforehand, not counted). Seconds per notebook (the slope between 6 and
   12) and fixed seconds (the intercept), and project / stock.
4. One worker against two, 12 and 60 notebooks (``--quick``: 12 only): ``--jobs 1`` /
   ``--jobs 2``, and ``grade --scheduler`` on a Dask ``LocalCluster`` of one and of two
   one-thread workers (the clusters started beforehand), and Dask's 2 workers against the pool
   of 2; each a whole process into a copy of a course graded once before (its cache warm).

Printed, never asserted.
"""

from __future__ import annotations

import argparse
import collections
import functools
import inspect
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CH4 = "04_backpropagation"
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(REPO), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)


def write_class(folder: Path, students: int, chapters: tuple[str, ...] = (CH4,)) -> Path:
    """``students`` folders, each with a correct notebook of every chapter of ``chapters``."""
    import nbformat

    from tests.support.nbutil import submission

    solved = {chapter: submission(chapter) for chapter in chapters}
    for i in range(students):
        (folder / f"student{i:02d}").mkdir(parents=True)
        for chapter in chapters:
            nbformat.write(solved[chapter], folder / f"student{i:02d}" / f"{chapter}.ipynb")
    return folder


# -- 1. phases -----------------------------------------------------------------------------------


def _phases():
    """(owner, attribute, label) of what is timed; a label's dots say under which it runs."""
    import bs4
    import jupyter_client.manager as manager
    import nbclient.client as client
    import nbformat
    from nbconvert.exporters.exporter import Exporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.preprocessors import ExecutePreprocessor
    from nbgrader import preprocessors as pp
    from nbgrader.api import Gradebook
    from nbgrader.converters import Autograde

    from autograder.grading import task
    from autograder.pipeline import converters, execute, feedback

    return [
        (task.Workspace, "clean", "clean the worker's course directory"),
        (converters.Converters, "autograde", "autograde"),
        (Autograde, "init_assignment", "autograde.init (gradebook rows, files)"),
        (execute.BoundedExecute, "preprocess", "autograde.execute"),
        (manager.AsyncKernelManager, "start_kernel", "autograde.execute.kernel start (launch)"),
        (client.NotebookClient, "start_new_kernel_client", "autograde.execute.kernel ready"),
        (ExecutePreprocessor, "preprocess_cell", "autograde.execute.cells"),
        (manager.AsyncKernelManager, "shutdown_kernel", "autograde.execute.kernel shutdown"),
        (pp.OverwriteCells, "preprocess", "autograde.OverwriteCells"),
        (pp.CheckCellMetadata, "preprocess", "autograde.CheckCellMetadata"),
        (pp.SaveAutoGrades, "preprocess", "autograde.SaveAutoGrades"),
        (converters.Converters, "generate_feedback", "feedback"),
        (pp.GetGrades, "preprocess", "feedback.GetGrades"),
        (feedback.MathAsMathML, "preprocess", "feedback.MathAsMathML"),
        (TemplateExporter, "_load_template", "feedback.templates loaded (x0: kept)"),
        (TemplateExporter, "from_notebook_node", "feedback.render (with preprocessors)"),
        (
            feedback.InertHTMLExporter,
            "from_notebook_node",
            "feedback.html (render + nbconvert's bs4 pass, where it can change the page)",
        ),
        (bs4.BeautifulSoup, "__init__", "feedback.html.bs4 parse"),
        (feedback, "inert_page", "feedback.inert page (nh3)"),
        (Gradebook, "__init__", "Gradebook opened (all phases)"),
        (nbformat, "reads", "nbformat.reads (all phases)"),
        (Exporter, "from_filename", "nbconvert from_filename (all phases)"),
    ]


def timer(function, label: str, spent: dict, calls: dict | None = None):
    """``function`` (a coroutine function too) wrapped to add its seconds to ``spent[label]``
    and, with ``calls``, count its calls there."""

    def done(start: float) -> None:
        spent[label] += time.perf_counter() - start
        if calls is not None:
            calls[label] += 1

    if inspect.iscoroutinefunction(function):

        @functools.wraps(function)
        async def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return await function(*args, **kwargs)
            finally:
                done(start)
    else:

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                done(start)

    return wrapper


def phases(tasks: int) -> None:
    import nbformat

    from autograder.grading.run import _package
    from autograder.grading.task import Task, grade_task
    from autograder.pipeline.course import generate_assignment, make_api, setup_course
    from autograder.settings import Settings
    from tests.support.nbutil import submission

    spent, calls = collections.defaultdict(float), collections.Counter()

    def timed(function, label):
        return timer(function, label, spent, calls)

    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in _phases()]
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="nnl-phases-") as tmp:
        course = setup_course(Path(tmp) / "course", settings)
        generate_assignment(make_api(course, settings), CH4)
        package = _package(course, settings, [CH4])
        notebook = nbformat.writes(submission(CH4))

        def task(i):
            return Task(f"s{i}", CH4, notebook, "2026-01-01 00:00:00.000000 UTC", "")

        grade_task(package, task(0))  # warm: the worker's course directory and converters
        try:
            for owner, name, label in _phases():
                setattr(owner, name, timed(getattr(owner, name), label))
            start = time.perf_counter()
            for i in range(1, tasks + 1):
                result = grade_task(package, task(i))
                assert result.score == result.max_score, result.reason
            total = (time.perf_counter() - start) / tasks
        finally:
            for owner, name, function in originals:
                setattr(owner, name, function)
    print(f"\n1. phases of one task in a warm worker (mean of {tasks}; ms per task)")
    print(f"  {'whole task (grade_task)':58} {total * 1000:7.0f}")
    for _, _, label in _phases():
        depth = label.count(".") if "(all phases)" not in label else 0
        name = label.rsplit(".", 1)[-1] if depth else label
        times = f" x{calls[label] / tasks:.3g}" if calls[label] != tasks else ""
        print(f"  {'  ' * depth + name:58} {spent[label] / tasks * 1000:7.0f}{times}")


# -- 0. the fixed cost of a run ----------------------------------------------------------------

GRADING = "grading the notebook (not fixed: the parent waits for it)"
INTAKE = "intake: read, restore, scan (per notebook)"
ROWS = "gradebook rows and files of the result (per notebook)"
FLAGS = "flags renumbered as on the page (per notebook)"
PER_NOTEBOOK = (GRADING, INTAKE, ROWS, FLAGS)
REST = "the rest (grade() less every step above)"
FIXED = "FIXED COST (wall - the notebook's grading, intake, rows - the import up front)"
UP_FRONT = "the class report's modules (matplotlib), imported up front here only"
"""A real run imports them in a thread while it waits for the graders (``run._import_reports``);
this child imports them before ``grade`` to time their steps: not part of the fixed cost."""
WITHIN = "  within the above: "
"""A step's time spent inside another's (the package's own course set-up; the client's work while
the first task is graded, as it sends the tasks: the intake, the gradebook's first writes):
printed, counted once (in the outer step)."""


def _fixed_steps():
    """(owner, attribute, label) of the steps of a run that do not grow with the class."""
    from autograder.grading import admin, gradebook, run
    from autograder.grading.local import LocalExecutor
    from autograder.report import class_report, record, tables

    return [
        (admin.Admin, "check", "the download read (admin.check; nbgrader's first import)"),
        (LocalExecutor, "check", "sandbox check and memory probe"),
        (LocalExecutor, "start", "grading processes started (they warm up meanwhile)"),
        (run, "setup_course", "course set-up (settings, config, gradebook, sources)"),
        (run, "make_api", "nbgrader's API for the course"),
        (run, "released", "releases: generate_assignment into the course"),
        (run, "submissions_in", "intake of the folder (which notebooks, whose)"),
        (admin.Admin, "record", "students and due dates into the gradebook"),
        (run, "_package", "the package (releases, a gradebook of its own)"),
        (run, "_prepared", INTAKE),
        (gradebook.Writer, "record", ROWS),
        (run, "numbered_as_on_page", FLAGS),
        (admin.Admin, "penalise", "late policy"),
        (run, "show_penalties", "feedback pages of late penalties"),
        (record, "save", "reports: report.json"),
        (tables, "write_report", "reports: report.csv"),
        (tables, "export_grades", "reports: grades.csv"),
        (admin.Admin, "export", "reports: LMS exports"),
        (run, "_cell_results", "reports: class report's cells (gradebook)"),
        (class_report, "write_class_report", "reports: class report (html, csv, histograms)"),
    ]


def fixed_cost_child(subs: Path, course: Path) -> None:
    """In a process of its own: ``grade`` of ``subs`` into ``course`` (--jobs 1), with the
    seconds of each step of :func:`_fixed_steps`, printed as JSON."""
    import json

    from autograder.grading import run
    from autograder.grading.local import LocalExecutor

    spent = collections.defaultdict(float)
    start = time.perf_counter()
    import autograder.report.class_report  # noqa: F401 - see UP_FRONT

    spent[UP_FRONT] = time.perf_counter() - start
    inner = collections.defaultdict(float)  # a step within another (the package's own set-up)
    depth = [0]

    def timed(function, label):
        counted = timer(function, label, spent)
        uncounted = timer(function, label, inner)

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            depth[0] += 1
            try:
                return (counted if depth[0] == 1 else uncounted)(*args, **kwargs)
            finally:
                depth[0] -= 1

        return wrapper

    def grading(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):  # the executor's generator: time in it is the tasks'
            iterator = function(*args, **kwargs)
            while True:
                start = time.perf_counter()
                depth[0] += 1  # what the client does meanwhile (the intake as tasks are sent)
                try:
                    item = next(iterator)
                except StopIteration:
                    return
                finally:
                    depth[0] -= 1
                    spent[GRADING] += time.perf_counter() - start
                yield item

        return wrapper

    for owner, name, label in _fixed_steps():
        setattr(owner, name, timed(getattr(owner, name), label))
    LocalExecutor.results = grading(LocalExecutor.results)
    start = time.perf_counter()
    run.grade(subs, course, selected=[CH4], jobs=1, progress=lambda _: None)
    spent["grade()"] = time.perf_counter() - start
    print(json.dumps([spent, inner]))


def fixed_cost() -> None:
    """The steps of ``grade`` that do not grow with the class, each in a process of its own as
    a real run is (one chapter-4 notebook, --jobs 1): cold (a new course and cache) and cached
    (the same course again, another student: what the class's next batch pays). The fixed cost
    is the process's wall time less the notebook's grading and intake."""
    import json

    columns = {}
    with tempfile.TemporaryDirectory(prefix="nnl-fixed-") as tmp:
        for which in ("cold", "cached"):
            subs = write_class(Path(tmp) / which, 1)
            (subs / "student00").rename(subs / f"student-{which}")
            command = [PYTHON, "-m", "benchmarks.grading_floor", "--fixed-child", str(subs)]
            start = time.perf_counter()
            proc = subprocess.run(
                [*command, str(Path(tmp) / "course")], cwd=REPO, capture_output=True, text=True
            )
            wall = time.perf_counter() - start
            if proc.returncode != 0:
                raise RuntimeError(proc.stderr[-3000:])
            times, within = json.loads(proc.stdout.strip().splitlines()[-1])
            times.update({f"{WITHIN}{label}": seconds for label, seconds in within.items()})
            times["start-up: python, imports (process wall - grade())"] = (
                wall - times["grade()"] - times[UP_FRONT]
            )
            named = [label for _, _, label in _fixed_steps() if label not in PER_NOTEBOOK]
            per_notebook = sum(times.get(label, 0) for label in PER_NOTEBOOK)
            times[REST] = (
                times["grade()"] - per_notebook - sum(times.get(label, 0) for label in named)
            )
            times[FIXED] = wall - per_notebook - times[UP_FRONT]
            columns[which] = times, os.getloadavg()[0]
    (cold, load_cold), (cached, load_cached) = columns["cold"], columns["cached"]
    print("\n0. the fixed cost of a run, each a process of its own (one notebook, --jobs 1; s)")
    print(f"  {'':58} {'cold':>7} {'cached':>7}")
    inner = sorted({label for label in [*cold, *cached] if label.startswith(WITHIN)})
    labels = [
        UP_FRONT,
        "start-up: python, imports (process wall - grade())",
        *(label for _, _, label in _fixed_steps()),
        REST,
        GRADING,
        *inner,
        FIXED,
    ]
    for label in labels:
        print(f"  {label:58} {cold.get(label, 0):7.2f} {cached.get(label, 0):7.2f}")
    print(f"  {'load average after each':58} {load_cold:7.1f} {load_cached:7.1f}")
    print(f"  cached / cold fixed cost: {cached[labels[-1]] / cold[labels[-1]]:.2f} x")


# -- 3. project vs stock --------------------------------------------------------------------------


def timed_run(command: list[str], cwd: Path | None = None) -> float:
    """The wall seconds of ``command``; prints the CPU seconds of its process tree (the
    grading processes, kernels and student processes it waited for), and how many cores that
    kept busy on average: two workers on two cores cannot be faster than 2 / that x one."""
    import resource

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    start, cpu = time.perf_counter(), children_cpu()
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - start, children_cpu() - cpu
    if proc.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    print(f"      CPU of its processes {cpu:.1f} s = {cpu / wall:.2f} cores busy", flush=True)
    return wall


def shown(label: str, wall: float) -> float:
    """``wall``, printed as it is measured (a long run can be read early)."""
    print(f"    {label}: {wall:.1f} s (load {os.getloadavg()[0]:.1f})", flush=True)
    return wall


def project(subs: Path, where: Path, jobs: int, template: Path | None = None) -> float:
    """``python -m autograder grade`` of ``subs`` (--jobs ``jobs``) into a new course, or into a
    copy of the course ``template`` (a course graded once before: its cache warm, as a class's
    next batch finds it)."""
    if template is not None:
        course = from_template(template)
    else:
        course = where / f"course-project-{time.monotonic_ns()}"
    command = [PYTHON, "-m", "autograder", "grade", str(subs), "--course", str(course)]
    wall = timed_run(command + ["--chapter", CH4, "--jobs", str(jobs)], cwd=REPO)
    task_seconds(course)
    shutil.rmtree(course, ignore_errors=True)
    return wall


def task_seconds(course: Path) -> None:
    """Print the median seconds of a task in its worker (report.csv): with two workers on two
    cores, what a task gains or loses beside the other tells contention from serial work."""
    import csv

    with open(course / "report.csv", newline="") as fh:
        seconds = [float(row["seconds"]) for row in csv.DictReader(fh) if row["status"] == "graded"]
    if seconds:
        print(f"      median task in its worker {statistics.median(seconds):.2f} s", flush=True)


def warm_course(where: Path, chapters: tuple[str, ...] = (CH4,)) -> Path:
    """A course that graded a notebook of each of ``chapters`` (of a student of no class here):
    its cache warm. It is graded where :func:`from_template` puts its copies, then kept aside: a
    copy is the course at the path it was graded at, as a class's next batch finds it (the
    cache's releases are those of the course's own gradebook, which it names by its path)."""
    subs = write_class(where / "warm-up", 1, chapters)
    (subs / "student00").rename(subs / "warm-up")
    course = where / "course-warm"
    command = [PYTHON, "-m", "autograder", "grade", str(subs), "--course", str(course / "run")]
    selected = [arg for chapter in chapters for arg in ("--chapter", chapter)]
    timed_run(command + [*selected, "--jobs", "1"], cwd=REPO)
    (course / "run").rename(course / "template")
    return course


def from_template(template: Path) -> Path:
    """A fresh copy of the course :func:`warm_course` made, at the path it was graded at."""
    course = template / "run"
    shutil.rmtree(course, ignore_errors=True)
    shutil.copytree(template / "template", course, symlinks=True)
    return course


def stock(subs: Path, where: Path) -> float:
    """nbgrader autograde + generate_feedback of ``subs`` in a course made as ``grade`` makes
    one (the course and the release beforehand, not counted)."""
    from autograder import coursedir
    from autograder.pipeline.course import generate_assignment, make_api, setup_course
    from autograder.settings import Settings

    settings = Settings()
    course = setup_course(where / f"course-stock-{time.monotonic_ns()}", settings)
    generate_assignment(make_api(course, settings), CH4)
    stamp = "2026-01-01 00:00:00.000000 UTC"
    for student in sorted(p.name for p in subs.iterdir()):
        folder = coursedir.folder(course, coursedir.SUBMITTED, CH4, student)
        folder.mkdir(parents=True)
        shutil.copyfile(subs / student / f"{CH4}.ipynb", folder / f"{CH4}.ipynb")
        (folder / coursedir.TIMESTAMP).write_text(stamp)
    nbgrader = str(Path(PYTHON).parent / "nbgrader")
    wall = timed_run([nbgrader, "autograde", CH4, "--force"], cwd=course)
    wall += timed_run([nbgrader, "generate_feedback", CH4, "--force"], cwd=course)
    shutil.rmtree(course, ignore_errors=True)
    return wall


def dask(subs: Path, address: str, template: Path) -> float:
    """``python -m autograder grade --scheduler address`` as :func:`project` with a template."""
    course = from_template(template)
    command = [PYTHON, "-m", "autograder", "grade", str(subs), "--course", str(course)]
    wall = timed_run(command + ["--chapter", CH4, "--scheduler", address], cwd=REPO)
    task_seconds(course)
    shutil.rmtree(course, ignore_errors=True)
    return wall


def line(slope: float, intercept: float) -> str:
    return f"{slope:5.2f} s per notebook + {intercept:5.1f} s"


def fit(six: float, twelve: float) -> tuple[float, float]:
    slope = (twelve - six) / 6
    return slope, six - 6 * slope


def median_line(label: str, values: list[float], unit: str = "") -> None:
    shown = ", ".join(f"{v:.2f}" for v in values)
    print(f"  {label:52} {statistics.median(values):6.2f}{unit}   (each: {shown})")


def main() -> None:
    from benchmarks.run import kernel_start_stop

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--tasks", type=int, default=4, help="tasks timed for the phases")
    parser.add_argument("--skip-phases", action="store_true")
    parser.add_argument("--skip-fixed", action="store_true")
    parser.add_argument("--skip-stock", action="store_true")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument(
        "--quick", action="store_true", help="one worker against two on 12 notebooks, not 60 too"
    )
    parser.add_argument("--fixed-only", action="store_true", help="section 0 alone")
    parser.add_argument(
        "--timeline", action="store_true", help="section 5: a --jobs 2 run of each size, timed"
    )
    parser.add_argument("--fixed-child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fixed_child:
        fixed_cost_child(*args.fixed_child)
        return
    print(f"load average at the start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    if not args.skip_fixed:
        fixed_cost()
    if args.fixed_only:
        return
    if not args.skip_phases:
        phases(args.tasks)
    kernel = statistics.median(kernel_start_stop() for _ in range(3))
    print(f"\n2. the floor: a bare kernel start + shutdown {kernel:.2f} s")

    sizes = [12] if args.quick else [12, 60]
    rows = collections.defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="nnl-floor-") as tmp:
        tmp = Path(tmp)
        six = write_class(tmp / "six", 6)
        classes = {size: write_class(tmp / f"class{size}", size) for size in sizes}
        warm = warm_course(tmp)
        clusters = {}
        if not args.skip_dask:
            from distributed import LocalCluster

            for workers in (1, 2):
                clusters[workers] = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True,
                    dashboard_address=":0",
                )  # fmt: skip
        try:
            for repeat in range(args.repeats):
                if not args.skip_stock:
                    p6 = shown("project, 6 notebooks", project(six, tmp, 1))
                    p12 = shown("project, 12 notebooks", project(classes[12], tmp, 1))
                    rows["project"].append(fit(p6, p12))
                    s6 = shown("stock, 6 notebooks", stock(six, tmp))
                    s12 = shown("stock, 12 notebooks", stock(classes[12], tmp))
                    rows["stock"].append(fit(s6, s12))
                    rows["per notebook"].append(rows["project"][-1][0] / rows["stock"][-1][0])
                for size, subs in classes.items():
                    one = shown(f"--jobs 1, {size}, cache warm", project(subs, tmp, 1, warm))
                    two = shown(f"--jobs 2, {size}, cache warm", project(subs, tmp, 2, warm))
                    rows[f"jobs 2, {size}"].append(one / two)
                    if clusters:
                        address = clusters[1].scheduler_address
                        d1 = shown(f"Dask 1 worker, {size}", dask(subs, address, warm))
                        address = clusters[2].scheduler_address
                        d2 = shown(f"Dask 2 workers, {size}", dask(subs, address, warm))
                        rows[f"dask 2, {size}"].append(d1 / d2)
                        rows[f"dask over pool, {size}"].append(d2 / two)
                print(f"  (repeat {repeat + 1} of {args.repeats} done, load "
                      f"{os.getloadavg()[0]:.1f})", flush=True)  # fmt: skip
        finally:
            for cluster in clusters.values():
                cluster.close()

    if rows["project"]:
        print("\n3. project vs stock nbgrader, chapter 4, correct submissions, --jobs 1")
    for who in ("project", "stock"):
        if rows[who]:
            slopes, intercepts = zip(*rows[who], strict=True)
            median_line(f"{who}: seconds per notebook (slope 6 -> 12)", list(slopes), " s")
            median_line(f"{who}: fixed seconds (intercept)", list(intercepts), " s")
    if rows["per notebook"]:
        median_line("project / stock, per notebook", rows["per notebook"], " x")
        slope = statistics.median(s for s, _ in rows["project"])
        print(f"  project per notebook / the floor (bare kernel): {slope / kernel:.2f} x")
    print("\n4. one worker against two (whole processes, the course's cache warm)")
    for size in sizes:
        median_line(
            f"{size} notebooks, local pool: --jobs 1 / --jobs 2", rows[f"jobs 2, {size}"], " x"
        )
        if rows[f"dask 2, {size}"]:
            median_line(
                f"{size} notebooks, Dask: 1 worker / 2 workers", rows[f"dask 2, {size}"], " x"
            )
            median_line(
                f"{size} notebooks, Dask 2 workers / --jobs 2",
                rows[f"dask over pool, {size}"],
                " x",
            )
    if args.timeline:
        from benchmarks import grading_timeline

        print("\n5. the timeline of a --jobs 2 run")
        grading_timeline.main(["--notebooks", *map(str, sizes), "--jobs", "2"])


if __name__ == "__main__":
    main()
