"""gunicorn settings every start of the archive shares (`make serve`, docs/operating.md's Procfile
line, the live tests): gunicorn reads this file from the folder it is started in."""

# gunicorn's largest request line (its default is 4094): addresses up to the archive's own
# limit (settings.MAX_URL_CHARS) reach the archive, which answers 414 in JSON on /api/.
limit_request_line = 8190
