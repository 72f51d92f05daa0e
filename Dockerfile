# The RVASE portal: one image for the web process, the Celery worker and the Celery beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=rvase.settings.production

# pg_dump and pg_restore for `manage.py backup` / `restore`, of the major version of the database (postgres:16 in
# docker-compose.yml; Debian's own client is 15, which refuses to dump a 16 server): from the PostgreSQL project's
# repository, set up by Debian's postgresql-common with the key it ships.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        ca-certificates postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
# Build-time values only: collectstatic and compilemessages need settings to import, nothing more.
RUN SECRET_KEY=build DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://build:6379/0 \
    ALLOWED_HOSTS=build EMAIL_URL=consolemail:// \
    sh -c "python manage.py compilemessages --ignore=.venv -v 0 && python manage.py collectstatic --no-input -v 0"

RUN useradd --create-home --uid 10001 rvase && mkdir -p /app/var/media /app/var/backups && chown -R rvase /app/var
USER rvase
EXPOSE 8000
CMD ["gunicorn", "rvase.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
