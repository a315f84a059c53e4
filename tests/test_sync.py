"""chapters/ (student edition) is exactly what nbgrader generates from solutions/."""

from autograder.course import drift


def test_student_edition_is_in_sync_with_the_instructor_source():
    problems = drift()
    assert problems == [], "\n".join(problems) + "\nrun `python -m autograder generate`"
