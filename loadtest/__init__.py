"""A load test against gunicorn and PostgreSQL on loopback (python -m loadtest.run); see README.md."""
