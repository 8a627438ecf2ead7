#!/usr/bin/env bash
# Build the image and start compose.yaml; the site and a replica must answer through nginx.
# `.ci/run` calls this where `docker info` succeeds. Leaves nothing running (down -v).
set -euo pipefail
cd "$(dirname "$0")/.."
export COMPOSE_PROJECT_NAME=nis2-smoke
if [ ! -f secrets/db_password ]; then
  mkdir -p secrets && chmod 700 secrets
  (umask 077 && openssl rand -base64 24 | tr -d '/+=' > secrets/db_password)
  (umask 077 && printf 'db:5432:nis2:nis2:%s\n' "$(cat secrets/db_password)" > secrets/pgpass)
  chown 10001 secrets/pgpass 2>/dev/null || true  # the image's user nis2 reads it
fi
trap 'docker compose down -v --remove-orphans >/dev/null 2>&1 || true' EXIT
docker compose up --build -d
ok=""
for _ in $(seq 1 90); do
  if curl -fsS http://localhost:8080/ >/dev/null 2>&1 \
     && [ "$(curl -fsS http://localhost:8080/app/_stcore/health 2>/dev/null)" = ok ]; then
    ok=yes; break
  fi
  sleep 2
done
if [ -z "$ok" ]; then
  docker compose ps; docker compose logs --tail 50
  echo "compose smoke test: the site or /app/_stcore/health did not answer through nginx" >&2
  exit 1
fi
echo "compose smoke test: site and app answer through nginx on :8080"
