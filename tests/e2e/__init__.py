# The reason of a browser test skipped for want of Chromium; tests/conftest.py counts them at
# the end of the run (under pytest-xdist, only the top conftest runs in the main process).
SKIP_REASON = "Chromium not found (/usr/bin/chromium or chromium on PATH): browser test skipped"
