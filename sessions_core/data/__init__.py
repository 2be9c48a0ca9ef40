"""Data out: streamed exports (CSV, JSON, ZIP), the data dictionary, export jobs.

`fields` says what each column is and how to read it, `rows` reads the database a page at a
time, `writers` turns rows into bytes, `exports` is the entry the admin, the REST API and the
command call, `jobs` and `tasks` run large exports in the background. docs/data.md explains the
formats to lab managers.
"""
