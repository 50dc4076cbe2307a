"""`./supportbot run|train|bench|manage`: start and stop the whole service.

`run` trains the model when the training data changed, starts the action server, Rasa
and the gateway, prints where they are, and on Ctrl-C (or when one of them dies) stops
all of them. Rasa and the action server listen on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from scripts import stack
from training.registry import ACTIVE_FILE, read_pointer


def _run(args: argparse.Namespace) -> int:
    config = stack.StackConfig(
        ports=stack.Ports(gateway=args.port, rasa=args.rasa_port, actions=args.actions_port),
        gateway_host=args.host,
        database_url=os.environ.get("SUPPORTBOT_DATABASE_URL", stack.StackConfig.database_url),
    )
    stack.VAR_DIR.mkdir(exist_ok=True)
    model = _live_model()
    processes: dict[str, subprocess.Popen[bytes]] = {}
    stopping = False

    def shutdown(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    try:
        processes["actions"] = stack.start_actions(config)
        processes["rasa"] = stack.start_rasa(config, model)
        processes["gateway"] = stack.start_gateway(config)
        print(f"[supportbot] loading the model {model.name} into Rasa (about 30 s)…", file=sys.stderr, flush=True)
        stack.wait_rasa_model(config, timeout=240, process=processes["rasa"])
        # Liveness decides whether the gateway started; readiness only informs. A gateway
        # working through a backlog, or waiting for a dependency, is up and must not be
        # stopped (in production that would be a restart loop).
        gateway_url = f"http://127.0.0.1:{config.ports.gateway}"
        stack.wait_http(f"{gateway_url}/healthz", timeout=60, process=processes["gateway"])
        print(f"[supportbot] {stack.readiness(gateway_url)}", file=sys.stderr, flush=True)
        shown_host = "127.0.0.1" if config.gateway_host in ("0.0.0.0", "::") else config.gateway_host
        base = f"http://{shown_host}:{config.ports.gateway}"
        print(
            "\n".join(
                [
                    "",
                    f"  web chat        {base}/chat",
                    f"  agent console   {base}/console  (accounts: ./supportbot manage create-user NAME)",
                    f"  admin pages     {base}/admin  (an admin account: create-user NAME --role admin)",
                    f"  API docs        {base}/docs",
                    f"  health          {base}/readyz",
                    f"  admin token     in {stack.VAR_DIR / 'admin.token'} (or SUPPORTBOT_ADMIN_TOKEN)",
                    f"  Rasa (private)  http://127.0.0.1:{config.ports.rasa}",
                    f"  actions         http://127.0.0.1:{config.ports.actions}",
                    f"  logs            {config.log_dir}/",
                    "",
                    "  Ctrl-C stops everything.",
                    "",
                ]
            ),
            flush=True,
        )
        while not stopping:
            for name, process in processes.items():
                if process.poll() is not None:
                    print(f"[supportbot] {name} exited with {process.returncode}; stopping", file=sys.stderr)
                    return 1
            time.sleep(0.5)
        return 0
    except (TimeoutError, RuntimeError) as error:
        print(f"[supportbot] {error}; logs in {config.log_dir}/", file=sys.stderr)
        return 1
    finally:
        print("[supportbot] stopping…", file=sys.stderr, flush=True)
        for process in reversed(list(processes.values())):
            stack.stop(process)


def _live_model() -> Path:
    """The model an admin made live (models/active.json), else the one for the training data
    as it is, trained first if need be: an activation or a rollback survives a restart."""
    # The gateway's registry writes active.json to its models_dir: SUPPORTBOT_MODELS_DIR when set.
    models_dir = Path(os.environ.get("SUPPORTBOT_MODELS_DIR") or stack.MODELS_DIR)
    chosen = read_pointer(models_dir)
    if chosen is None:
        return stack.ensure_model()
    print(f"[supportbot] starting with the model an admin activated: {chosen.name}", file=sys.stderr)
    if chosen.name != stack.model_path().name:
        print(
            "[supportbot] the training data has changed since; train and activate in the admin pages "
            f"(or delete {models_dir / ACTIVE_FILE} to train the data as it is at start-up)",
            file=sys.stderr,
        )
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./supportbot")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="start the whole service")
    run.add_argument("--host", default=os.environ.get("SUPPORTBOT_HOST", "127.0.0.1"), help="gateway address")
    run.add_argument("--port", type=int, default=int(os.environ.get("SUPPORTBOT_PORT", "8000")))
    run.add_argument("--rasa-port", type=int, default=5005)
    run.add_argument("--actions-port", type=int, default=5055)
    commands.add_parser("train", help="train the model if the training data changed")
    evaluation = commands.add_parser("eval", help="evaluate the model on the held-out data")
    evaluation.add_argument("rest", nargs=argparse.REMAINDER)
    bench = commands.add_parser("bench", help="run a benchmark from bench/")
    bench.add_argument("rest", nargs=argparse.REMAINDER)
    manage = commands.add_parser("manage", help="gateway management commands")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["eval"], ["bench"], ["manage"]) and argv[1:2] not in (["-h"], ["--help"]):
        # Their options are their own ("eval --model FILE"): argparse's REMAINDER would take
        # an option that comes first for one of ours.
        args = argparse.Namespace(command=argv[0], rest=argv[1:])
    else:
        args = parser.parse_args(argv)

    if args.command == "run":
        return _run(args)
    if args.command == "train":
        print(stack.ensure_model())
        return 0
    if args.command == "eval":
        if args.rest[:1] == ["desk"]:  # the service desk's flows, end to end (scripts/evaluate_desk.py)
            return subprocess.call([sys.executable, "-m", "scripts.evaluate_desk", *args.rest[1:]])
        return subprocess.call([sys.executable, "-m", "scripts.evaluate", *args.rest])
    if args.command == "bench":
        return subprocess.call([sys.executable, "-m", "bench", *args.rest])
    if args.command == "manage":
        return subprocess.call([sys.executable, "-m", "api.cli", *args.rest])
    return 2


if __name__ == "__main__":
    sys.exit(main())
