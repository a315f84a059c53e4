"""What the instructor reads after grading: the class report and the course's tables.

``class_report``  class_report.html / .csv / _students.csv: scores, pass rates, frequent
                  mistakes, flags, every student and chapter;
``tables``        report.csv (status and reason of every student and chapter), grades.csv;
``record``        report.json: the rows of every run, merged, that the reports are written from;
``notice``        the feedback page of a file that could not be graded;
``exports``       the LMS's gradebook imports and feedback zips (the caller hands in the roster).
"""
