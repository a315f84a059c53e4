"""What the instructor reads after grading: the class report and the course's tables.

``class_report``  class_report.html / .csv: scores, pass rates, frequent mistakes, flags;
``tables``        report.csv (status and reason of every student and chapter), grades.csv;
``outcome``       what became of one submission: a row of report.csv.
"""
