"""nbgrader's late-submission plugin for the course's late policy (:mod:`autograder.pipeline.late`).

Apart from the policy, which the command line reads without importing nbgrader.
"""

from __future__ import annotations

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float

from autograder.pipeline.late import LatePolicy


class DailyPenalty(LateSubmissionPlugin):
    """nbgrader's late-submission plugin for :class:`~autograder.pipeline.late.LatePolicy`."""

    penalty_per_day = Float(0.0, help="percent of the earned score per started day late").tag(
        config=True
    )
    grace_period = Float(0.0, help="seconds late that still count as on time").tag(config=True)

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        policy = LatePolicy(self.penalty_per_day, self.grace_period)
        return policy.penalty(score, total_seconds_late)
