"""The HTTP face of the gateway: `uvicorn api.app:create_app --factory`.

`app.py` builds the application from a `Settings`; `wiring.py` is the composition root that
builds every long-lived part once at start-up; `deps.py` hands each route the part it asks
for (typed `Annotated` dependencies); `routers/` hold the routes (webhooks, web chat,
socket.io, console, admin, health) and `schemas/` their bodies; `static/` the pages. No SQL
and no business rules here: routes call `conversations`, `staff` and `channels`. Nothing
imports `api` but the app, the CLI (`api/cli.py`) and the scripts.
"""
