# The app with the built site, on a slim Python base, as a non-root user.
#   docker build -t nis2-aws-kb .                    the app (default target)
#   docker build -t nis2-aws-kb-web --target web .   nginx with the site and the proxy config
# compose.yaml builds and runs both; docs/deploy.md explains the topology.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY requirements.lock ./
RUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.lock
COPY pyproject.toml README.md mkdocs.yml ./
COPY kb kb
COPY generator generator
COPY quiz_app quiz_app
COPY data data
COPY content content
# The site links into the app at /app/ on the same host (nginx, deploy/nginx-site.conf.template).
RUN NIS2_SITE_URL=/ NIS2_APP_URL=/app/ /opt/venv/bin/python -m generator site --out /src/site

FROM python:3.11-slim AS app
# The app runs from its source tree in /app, not from an installed copy: Streamlit opens the
# pages (quiz_app/app_pages/) beside quiz_app/app.py, and kb/ reads data/ beside itself.
ENV PATH=/opt/venv/bin:$PATH PYTHONPATH=/app PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
RUN useradd --create-home --uid 10001 nis2
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /src/site /app/site
COPY data data
COPY kb kb
COPY quiz_app quiz_app
COPY .streamlit .streamlit
USER nis2
EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/app/_stcore/health', timeout=2).status == 200 else 1)"
CMD ["streamlit", "run", "quiz_app/app.py", "--server.address", "0.0.0.0", \
     "--server.port", "8501", "--server.baseUrlPath", "app", "--server.headless", "true"]

FROM nginx:1.27-alpine AS web
COPY --from=build /src/site /usr/share/nginx/html
COPY deploy/nginx-site.conf.template /etc/nginx/templates/default.conf.template
