#!/usr/bin/env bash
# `make run`: build the site in its three languages (/, /de/, /fr/) and serve it on :8000, and
# the app on :8501, until Ctrl-C stops both. (`make serve`: the English site with live reload.)
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
SITE_PORT="${NIS2_SITE_PORT:-8000}"
APP_PORT="${NIS2_APP_PORT:-8501}"
export NIS2_SITE_URL="${NIS2_SITE_URL:-http://127.0.0.1:${SITE_PORT}/}"
export NO_MKDOCS_2_WARNING=1
export NIS2_APP_URL="${NIS2_APP_URL:-http://127.0.0.1:${APP_PORT}}"

# Only `db upgrade` migrates the store, and the app refuses a store that needs it. A new
# store (no admin yet) needs no login for it; with an admin, the command asks for `--as`.
needs_upgrade='import sys; from quiz_app import store; from quiz_app.store import migrations
sys.exit(3 if migrations.needs_upgrade(store.get_engine()) else 0)'
"$BIN/python" -c "$needs_upgrade" 2>/dev/null
if [ $? -eq 3 ]; then
  "$BIN/python" -m quiz_app db upgrade || exit 1
fi

# The whole site as it is hosted, every language beside English; a failed build keeps the
# previous one (and says where the data is wrong).
"$BIN/python" -m generator site --out site || exit 1
"$BIN/python" -m http.server --bind 127.0.0.1 --directory site "$SITE_PORT" >/dev/null 2>&1 &
site_pid=$!
# The rest of the app's settings come from .streamlit/config.toml (we run from the root).
"$BIN/streamlit" run quiz_app/app.py --server.address 127.0.0.1 --server.port "$APP_PORT" \
  --server.headless true &
app_pid=$!

stop() { kill "$site_pid" "$app_pid" 2>/dev/null; wait 2>/dev/null; exit 0; }
trap stop INT TERM
echo "site: ${NIS2_SITE_URL}  app: ${NIS2_APP_URL}  (Ctrl-C stops both)"
wait -n "$site_pid" "$app_pid"
stop
