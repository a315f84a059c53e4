"""Review: what flags a submission for an instructor's look; it never changes a score.

``scan``  a static scan of the student's cells for what looks like an attempt to cheat.
"""
