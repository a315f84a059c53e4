"""nbgrader, configured for this course: the course directory's config and its extensions.

``course``       a course directory set up, and nbgrader configured for it;
``execute``      nbgrader's Execute preprocessor, bounded and split (the student's cells run in
                 the sandbox);
``feedback``     feedback pages that redact the hidden tests and need no network;
``mathml``       the Markdown cells' LaTeX as MathML, for those pages;
``late``         the late policy: due dates, a penalty per started day late, a grace period (no
                 nbgrader import: the command line reads it);
``late_plugin``  the policy as nbgrader's late-submission plugin.
"""
