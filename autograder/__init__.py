"""autograder: the course's grading package (nbgrader configuration, the ``course`` command,
comparison helpers for test cells, feedback and sandboxing). Nothing imports it but notebook
test cells, the CLI and the tests."""
