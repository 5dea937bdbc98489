# One image for the web (gunicorn), worker and beat services of docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=craftsman_portal.settings \
    STATIC_ROOT=/srv/static \
    MEDIA_ROOT=/srv/media

# WeasyPrint needs Pango and HarfBuzz; certificates and notices are Chinese, so a CJK font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin portal

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

# Code stays root-owned: the service user can read it, not change it.
COPY . .

# Named volumes copy these owners on first mount, so the unprivileged user can write them.
# Media (uploads, rendered PDFs) lives outside the static root and is never served as static.
RUN mkdir -p /srv/static /srv/media && chown portal:portal /srv/static /srv/media

USER portal
EXPOSE 8000

# docker-compose.yml runs migrate, collectstatic and `check --deploy` before this.
# deploy/gunicorn.conf.py: bind, workers, and an access log that masks ID numbers and phones.
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py"]
