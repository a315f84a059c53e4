"""An nbgrader course directory, configured for this course's grading.

Layout of a course directory::

    COURSE/autograder.json         the grading settings (autograder.settings.Settings)
    COURSE/late_policy.json        the late policy (autograder.pipeline.late), if one was given
    COURSE/nbgrader_config.py      reads them and calls :func:`configure`, so the plain nbgrader
                                   commands run here and ``python -m autograder grade`` agree
    COURSE/source/NN_name/NN_name.ipynb
    COURSE/release/ submitted/ autograded/ feedback/ gradebook.db   (nbgrader's own)

(every name and path of it: :mod:`autograder.coursedir`)

Nothing here changes this process's environment: what the grading kernels need (the repository
on their path, one BLAS thread, a non-interactive matplotlib, where the instructor's sources are,
the student process's limits) is given to each kernel's own environment
(:class:`~autograder.pipeline.execute.BoundedExecute`'s ``kernel_env``).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from autograder import coursedir
from autograder.chapters import REPO_ROOT, SOLUTIONS_DIR, names
from autograder.settings import Settings

WARNING_PATTERN = r"\w+Warning: "
"""stderr outputs matching this are dropped before scoring: nbgrader scores any stderr output in
a test cell as 0, and a correct answer may legitimately trigger a numpy RuntimeWarning."""


def kernel_environment(course_root: Path, settings: Settings) -> dict[str, str]:
    """What a grading kernel of this course gets in its environment, besides this process's."""
    from autograder.sandbox.kernel import LIMITS_VARIABLE
    from nnlearn.earlier import SOURCE_DIR_VARIABLE

    inherited = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return {
        # hidden tests import autograder.hidden from this checkout
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), *inherited]),
        "OPENBLAS_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
        SOURCE_DIR_VARIABLE: str(Path(course_root).resolve() / coursedir.SOURCE),
        LIMITS_VARIABLE: settings.limits().to_json(),
    }


def configure(c, course_root: str | os.PathLike, settings: Settings) -> None:
    """Fill the traitlets config ``c`` of nbgrader for the course at ``course_root``."""
    from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        GetGrades,
        IgnorePattern,
        LimitOutput,
        SaveAutoGrades,
    )

    from autograder.pipeline.execute import BoundedExecute
    from autograder.pipeline.feedback import (
        TEMPLATES,
        InertHTMLExporter,
        MathAsMathML,
        RedactHiddenTests,
    )
    from autograder.pipeline.late import LatePolicy
    from autograder.pipeline.late_plugin import DailyPenalty

    root = Path(course_root).resolve()
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.course_id = coursedir.COURSE_ID
    c.CourseDirectory.db_url = settings.gradebook_url(root)
    c.Execute.timeout = settings.ceiling
    c.BoundedExecute.timeout = settings.ceiling
    # A loaded machine delays the kernel's messages too: wait for them as long as for a cell.
    c.BoundedExecute.iopub_timeout = settings.ceiling
    c.BoundedExecute.startup_timeout = settings.ceiling
    # --memory caps the student's process (Limits), never the grading kernel: the kernel runs
    # only the instructor's code, and a cap sized for the student's code would kill it.
    c.BoundedExecute.memory_limit = 0
    c.BoundedExecute.split = True
    c.BoundedExecute.source_dir = str(root / coursedir.SOURCE)
    c.BoundedExecute.kernel_env = kernel_environment(root, settings)
    c.Autograde.autograde_preprocessors = [
        BoundedExecute,
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    # the course's late policy, so that plain `nbgrader autograde` penalises as `grade` does
    policy = LatePolicy.load(root)
    c.AssignLatePenalties.plugin_class = DailyPenalty
    c.DailyPenalty.penalty_per_day = policy.penalty_per_day
    c.DailyPenalty.grace_period = policy.grace
    # the notebook's language (autograder/edition_ko.py) survives for its feedback page
    c.ClearMetadataPreprocessor.preserve_nb_metadata_mask = {
        ("language_info", "name"),
        ("nnlearn", "language"),
    }
    c.IgnorePattern.enabled = True
    c.IgnorePattern.pattern = WARNING_PATTERN
    c.GenerateFeedback.preprocessors = [
        GetGrades,
        RedactHiddenTests,
        MathAsMathML,
        CSSHTMLHeaderPreprocessor,
    ]
    c.GenerateFeedback.exporter_class = InertHTMLExporter  # a page no student's script runs in
    # nbgrader's feedback page (its template "feedback", which nbgrader's API insists on), with
    # our mathjax.html.j2 found first: the math is MathML already, no MathJax from a CDN
    import nbgrader

    c.HTMLExporter.extra_template_basedirs = [
        str(TEMPLATES),
        str(Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"),
    ]


CONFIG_FILE = '''\
"""nbgrader configuration of this course (written by `python -m autograder course`).

The settings are in autograder.json beside this file; change them there (or with the flags of
`python -m autograder grade` / `course`), so that `nbgrader ...` run here and `python -m
autograder grade` behave the same.
"""
import os
import sys

sys.path.insert(0, {repo!r})
from autograder.pipeline.course import configure  # noqa: E402
from autograder.settings import Settings  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
configure(get_config(), here, Settings.load(here))  # noqa: F821 (get_config: from traitlets)
'''


def ensure_gradebook(db_url: str) -> None:
    """Create nbgrader's tables in an empty gradebook database, as nbgrader would.

    nbgrader stamps a new gradebook with its alembic revision by running the ``alembic``
    command, which needs this environment's ``bin/`` on ``PATH``; the revision is read here with
    alembic's own Python API instead, so nothing depends on ``PATH``.
    """
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.exc import SQLAlchemyError

    engine = create_engine(db_url)
    try:
        try:
            if inspect(engine).get_table_names():
                return
        except SQLAlchemyError as err:
            message = str(getattr(err, "orig", None) or err)
            raise RuntimeError(
                f"cannot open the gradebook {db_url}: {type(err).__name__}: "
                + " ".join(line.strip() for line in message.splitlines() if line.strip())
            ) from None
        # only now nbgrader (its package import loads its server extensions: about a second)
        from alembic.config import Config
        from alembic.script import ScriptDirectory
        from nbgrader.api import Base
        from nbgrader.dbutil import ALEMBIC_DIR

        config = Config()
        config.set_main_option("script_location", ALEMBIC_DIR)
        head = ScriptDirectory.from_config(config).get_current_head()
        Base.metadata.create_all(bind=engine)
        with engine.begin() as connection:
            connection.execute(
                text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
            )
            connection.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": head})
    finally:
        engine.dispose()


def setup_course(course_root: Path, settings: Settings) -> Path:
    """Create or update a course directory: settings, config file, gradebook and ``source/``.

    ``source/`` always receives every chapter, even when only some are graded: a chapter that
    builds on an earlier one loads the earlier chapter's functions from ``source/`` while it is
    graded (:mod:`nnlearn.earlier`). Existing submissions, grades and the gradebook are kept.
    A gradebook that cannot be opened (RuntimeError) changes nothing: no settings are saved, and
    the folders made for the course are removed.
    """
    course_root = Path(course_root).resolve()
    made = [*reversed(course_root.parents), course_root]
    created = next((folder for folder in made if not folder.exists()), None)
    course_root.mkdir(parents=True, exist_ok=True)
    try:  # first the gradebook: a database that cannot be opened leaves the course as it was
        ensure_gradebook(settings.gradebook_url(course_root))
    except BaseException:
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        raise
    settings.save(course_root)
    (course_root / coursedir.CONFIG).write_text(CONFIG_FILE.format(repo=str(REPO_ROOT)))
    for chapter in names():
        dest = coursedir.notebook(course_root, coursedir.SOURCE, chapter)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SOLUTIONS_DIR / f"{chapter}.ipynb", dest)
    return course_root


def make_api(course_root: Path, settings: Settings):
    """An in-process ``NbGraderAPI`` for the course at ``course_root``.

    In-process calls avoid nbgrader's ~3 s interpreter start-up per command.
    """
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    config = Config()
    configure(config, course_root, settings)
    return NbGraderAPI(config=config)


def generate_assignment(api, chapter: str) -> None:
    """Run nbgrader ``generate_assignment`` (solutions -> stubs, hidden tests dropped)."""
    result = checked(api.generate_assignment(chapter, force=True, create=True))
    if not result["success"]:
        raise RuntimeError(
            f"nbgrader generate_assignment failed for {chapter}:\n"
            + result.get("error", "")
            + result.get("log", "")
        )


def checked(result: dict) -> dict:
    """An ``NbGraderAPI`` result, or the KeyboardInterrupt it swallowed: nbgrader logs
    "Canceled" on Ctrl-C and its API returns that as a failure, which would make the
    instructor's Ctrl-C a student's failed grade and let the run go on."""
    log = result.get("log") or ""
    if not result["success"] and re.search(r"ERROR\]\s*Canceled\s*$", log, re.MULTILINE):
        raise KeyboardInterrupt
    return result
