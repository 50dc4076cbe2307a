#!/usr/bin/env bash
# Container entry point (see Dockerfile): runs one process of the service in the
# foreground. Configuration comes from the environment (README, "Configuration").
set -euo pipefail
cd /app
gw=${SUPPORTBOT_GATEWAY_ENV:-/opt/venv/gateway}
rasa=${SUPPORTBOT_RASA_ENV:-/opt/venv/rasa}

case "${1:-gateway}" in
  gateway)
    # The action server calls back this gateway's desk API with the shared token.
    export SUPPORTBOT_DESK_TOKEN=${SUPPORTBOT_DESK_TOKEN:?set SUPPORTBOT_DESK_TOKEN (shared with the actions container)}
    export SUPPORTBOT_DESK_URL=${SUPPORTBOT_DESK_URL:-http://gateway:${SUPPORTBOT_PORT:-8000}}
    # Behind a reverse proxy in another container, set SUPPORTBOT_TRUSTED_PROXIES to its address:
    # else every customer has the proxy's address and shares one per-address flood budget.
    exec "$gw/bin/python" -m uvicorn api.app:create_app --factory \
      --host 0.0.0.0 --port "${SUPPORTBOT_PORT:-8000}" --ws-max-size 65536 --ws api.ws_protocol:WebSocketProtocol --no-access-log \
      --proxy-headers --forwarded-allow-ips "${SUPPORTBOT_TRUSTED_PROXIES:-127.0.0.1}" ;;
  rasa)
    # Bind to the container's private network only; never publish this port.
    # The model an admin activated (active.json in the shared models volume), else the data's own.
    model=$("$gw/bin/python" -c '
import os
from pathlib import Path
from scripts.stack import MODELS_DIR, model_path
from training.registry import read_pointer
print(read_pointer(Path(os.environ.get("SUPPORTBOT_MODELS_DIR") or MODELS_DIR)) or model_path())')
    endpoints=bot/endpoints.yml
    [ "${SUPPORTBOT_TRACKER_DIALECT:-sqlite}" = "postgresql" ] && endpoints=bot/endpoints.postgres.yml
    export SUPPORTBOT_TRACKER_DB=${SUPPORTBOT_TRACKER_DB:-/app/var/rasa_tracker.db}
    export SUPPORTBOT_ACTIONS_URL=${SUPPORTBOT_ACTIONS_URL:-http://actions:5055/webhook}
    exec "$rasa/bin/rasa" run --model "$model" --enable-api --auth-token "${SUPPORTBOT_RASA_TOKEN:?set SUPPORTBOT_RASA_TOKEN}" \
      --interface 0.0.0.0 --port 5005 --endpoints "$endpoints" --credentials bot/credentials.yml ;;
  actions)
    export SUPPORTBOT_DESK_TOKEN=${SUPPORTBOT_DESK_TOKEN:?set SUPPORTBOT_DESK_TOKEN (shared with the gateway container)}
    export SUPPORTBOT_GATEWAY_URL=${SUPPORTBOT_GATEWAY_URL:-http://gateway:8000}
    SANIC_HOST=0.0.0.0 exec "$rasa/bin/rasa" run actions --actions actions --port 5055 ;;
  migrate)
    exec "$gw/bin/python" -m api.cli migrate ;;
  manage)
    # e.g. docker run -it IMAGE manage create-user aysel --languages az,ru
    shift
    exec "$gw/bin/python" -m api.cli "$@" ;;
  train)
    exec "$gw/bin/python" -m scripts.supervisor train ;;
  *)
    echo "usage: $0 gateway|rasa|actions|migrate|train|manage COMMAND" >&2
    exit 2 ;;
esac
