# Production image: gunicorn serves the site; the same image runs the Celery worker and beat
# (see docker-compose.yml). Settings come from the environment (incubateur/settings.py).
FROM python:3.12-slim

# XDG_CACHE_HOME: fontconfig (WeasyPrint) keeps its per-user cache there, the app user has
# no home. MEDIA_ROOT: uploads, outside the code, in a volume shared by web and worker.
# WEB_CONCURRENCY: gunicorn's number of workers.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    XDG_CACHE_HOME=/tmp/.cache \
    MEDIA_ROOT=/data/private-media \
    WEB_CONCURRENCY=3

WORKDIR /app

# What WeasyPrint needs from the system (pango, harfbuzz's subsetter and a font): the list
# that `make run` checks, installed by the same script.
COPY scripts/system-packages.sh scripts/system-packages.sh
RUN scripts/system-packages.sh run && rm -rf /var/lib/apt/lists/*

# Dependencies first, so that a code change reuses this layer. The lock file pins versions
# without hashes, hence no --require-hashes.
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir -r requirements/base.txt

COPY . .

# Static files are collected (and compressed by whitenoise) once, at build time. Settings
# refuse to load without SECRET_KEY and ALLOWED_HOSTS when DEBUG is off: these throwaway
# values exist only for this command and are not kept in the image.
RUN SECRET_KEY=collectstatic-at-build-time-only ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --no-input --verbosity 0 \
    && python -m compileall -q /app \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin app \
    && install -d -o app -g app -m 0750 "$MEDIA_ROOT"

# The code stays owned by root and read-only for the app user; only MEDIA_ROOT is writable.
USER app

EXPOSE 8000

# /healthz answers 200 when the database and the broker answer. Django checks the Host
# header against ALLOWED_HOSTS, so the probe sends the first allowed host name.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request as u; h = [x.strip().lstrip('.') for x in os.environ.get('ALLOWED_HOSTS', '').split(',') if x.strip() not in ('', '*')]; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': (h or ['localhost'])[0]}), timeout=8)"

# PDF generation takes seconds, hence a 60 s timeout; workers restart now and then to bound
# memory (WeasyPrint peaks at ~150 MB for a long document). No control socket: it would go
# in $HOME, which the app user does not have.
CMD ["gunicorn", "incubateur.wsgi", \
     "--bind", "0.0.0.0:8000", \
     "--timeout", "60", \
     "--graceful-timeout", "30", \
     "--max-requests", "500", \
     "--max-requests-jitter", "50", \
     "--worker-tmp-dir", "/dev/shm", \
     "--no-control-socket", \
     "--access-logfile", "-"]
