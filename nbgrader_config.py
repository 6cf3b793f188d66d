"""nbgrader configuration for this course folder (read by nbgrader's apps and by Formgrader when
JupyterLab is started here). The settings themselves live in autograder/nbgrader_config.py."""
import os

from autograder.nbgrader_config import course_config

c = get_config()  # noqa: F821 - provided by nbgrader's config loader
c.merge(course_config(os.path.dirname(os.path.abspath(__file__))))
