"""nbgrader's autograde and feedback converters, built once and run for one student at a time.

``NbGraderAPI.autograde`` and ``generate_feedback`` build a new converter app per call, and with
it a new exporter: for the feedback page that means loading and compiling nbgrader's Jinja
templates again for every student (what stock nbgrader does once for a class, in one
``generate_feedback`` call). :class:`Converters` keeps one ``Autograde`` and one
``GenerateFeedback`` app of a course, each with its exporter and writer built on the first call
and reused; every call still reads its notebooks, gradebook and files from the course directory
afresh, and what the exporter remembers of the last notebook (nbconvert's ``_nb_metadata``) is
forgotten before the next. The results are nbgrader's API's (``success``, ``log``, ``error``).
"""

from __future__ import annotations

import os

from nbconvert.writers import FilesWriter
from nbgrader.converters import Autograde, GenerateFeedback
from nbgrader.utils import capture_log, temp_attrs
from traitlets.config import Config


class _KeptExporter:
    """A converter whose ``start`` builds its writer and exporter (preprocessors registered, the
    templates loaded by the first page) once, not per call."""

    def start(self) -> None:
        self.init_notebooks()
        if getattr(self, "_kept_exporter", None) is None:
            self.writer = FilesWriter(parent=self, config=self.config)
            self.exporter = self.exporter_class(parent=self, config=self.config)
            for pp in self.preprocessors:
                self.exporter.register_preprocessor(pp)
            self._kept_exporter = self.exporter
        self.exporter._nb_metadata = {}  # nbconvert's memory of the last notebook converted
        here = os.getcwd()
        os.chdir(self.coursedir.root)
        try:
            self.convert_notebooks()
        finally:
            os.chdir(here)


class _Autograde(_KeptExporter, Autograde):
    pass


class _GenerateFeedback(_KeptExporter, GenerateFeedback):
    pass


class Converters:
    """The autograde and feedback converters of the course of ``api`` (an ``NbGraderAPI``)."""

    def __init__(self, api):
        self.api = api
        self._autograde = self._feedback = None

    def autograde(self, assignment: str, student: str) -> dict:
        """``nbgrader autograde --force --create`` of one student's submission."""
        with temp_attrs(self.api.coursedir, assignment_id=assignment, student_id=student):
            if self._autograde is None:
                self._autograde = _Autograde(coursedir=self.api.coursedir, parent=self.api)
                self._autograde.force = True
                self._autograde.create_student = True
            return capture_log(self._autograde)

    def generate_feedback(self, assignment: str, student: str) -> dict:
        """``nbgrader generate_feedback --force`` of one student's autograded notebook."""
        with temp_attrs(self.api.coursedir, assignment_id=assignment, student_id=student):
            if self._feedback is None:
                app = _GenerateFeedback(coursedir=self.api.coursedir, parent=self.api)
                config = Config()
                config.HTMLExporter.template_name = "feedback"  # as NbGraderAPI insists
                app.update_config(config)
                app.force = True
                self._feedback = app
            return capture_log(self._feedback)
