"""Intake: from a submissions folder (or an LMS download) to one notebook per student and chapter.

``archive``      a zip of submissions extracted safely, within its limits;
``lms``          what a Canvas, Moodle or per-student download holds: who handed in what, when;
``roster``       the enrolled students (``COURSE/roster.csv``): ids, names, LMS ids, extensions;
``submissions``  the notebooks matched to students and chapters, one chosen per (student,
                 chapter), read and checked;
``restore``      a submission's nbgrader cells restored from the release: tampering undone, listed.
"""
