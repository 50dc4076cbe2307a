# One image for every process of the service; the first argument picks which:
#   docker run IMAGE gateway | rasa | actions | migrate | train | manage COMMAND
# The bot needs Python 3.10 (rasa 3.6), the gateway a current Python, so the image
# carries both interpreters, each with its own virtualenv, and a model trained at build.

FROM python:3.10-slim-bookworm AS python310

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 \
    SUPPORTBOT_RASA_ENV=/opt/venv/rasa SUPPORTBOT_GATEWAY_ENV=/opt/venv/gateway \
    PYTHONPATH=/app
RUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*

# Python 3.10 from its official image: versioned names, so nothing of 3.11 is overwritten.
COPY --from=python310 /usr/local/lib/python3.10 /usr/local/lib/python3.10
COPY --from=python310 /usr/local/lib/libpython3.10.so.1.0 /usr/local/lib/
COPY --from=python310 /usr/local/bin/python3.10 /usr/local/bin/
RUN ldconfig

WORKDIR /app
COPY requirements/ requirements/
RUN python3.10 -m venv /opt/venv/rasa \
 && /opt/venv/rasa/bin/pip install --no-cache-dir --upgrade pip wheel "setuptools<70" \
 && /opt/venv/rasa/bin/pip install --no-cache-dir -r requirements/rasa.txt \
 && python3.11 -m venv /opt/venv/gateway \
 && /opt/venv/gateway/bin/pip install --no-cache-dir -r requirements/gateway.txt

COPY . .
RUN scripts/docker-entrypoint.sh train

EXPOSE 8000
ENTRYPOINT ["scripts/docker-entrypoint.sh"]
CMD ["gateway"]
