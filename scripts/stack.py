"""The processes of the service and the trained model they share.

Used by `./supportbot run` (scripts/supervisor.py) and by the end-to-end tests, so that
both start Rasa, the action server and the gateway the same way. Runs in the gateway's
environment; the Rasa environment is reached only through its executables
(SUPPORTBOT_RASA_ENV, set by ./supportbot).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = ROOT / "models"
VAR_DIR = ROOT / "var"
# SUPPORTBOT_TRUSTED_PROXIES' default (api/settings.py's trusted_proxies): a reverse proxy on this machine.
DEFAULT_TRUSTED_PROXIES = "127.0.0.1"

# Everything that changes what `rasa train` produces. Timestamps are never used: a
# fresh clone of unchanged data must find its model, an edited example must not.
TRAINING_INPUTS = (
    "bot/config.yml",
    "bot/domain.yml",
    "bot/data",
    "bot/components.py",
    "bot/intent_classifier.py",
    "bot/entities",
    "nlu_data",
    "requirements/rasa.txt",
)


def free_port() -> int:
    """A TCP port nothing listens on right now, for processes started on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rasa_env() -> Path:
    """The Rasa virtualenv built by ./supportbot."""
    env = os.environ.get("SUPPORTBOT_RASA_ENV")
    if not env:
        raise RuntimeError("SUPPORTBOT_RASA_ENV is not set: start through ./supportbot")
    return Path(env)


def _files(paths: Iterable[str], root: Path = ROOT) -> list[Path]:
    found: list[Path] = []
    for rel in paths:
        path = root / rel
        if path.is_dir():
            found.extend(p for p in path.rglob("*") if p.is_file() and p.suffix in {".yml", ".yaml", ".py"})
        elif path.is_file():
            found.append(path)
    return sorted(found)


def training_files(root: Path = ROOT) -> list[Path]:
    """Every file `rasa train` reads under `root` (a checkout, or an admin's snapshot of one)."""
    return _files(TRAINING_INPUTS, root)


def copy_content(target: Path) -> Path:
    """A copy of what the admin pages edit (the training inputs and the answers), for tests and
    benchmarks that must not write to the checkout's own files."""
    for path in [*training_files(), *sorted((ROOT / "bot" / "responses").glob("*.yml"))]:
        copy = target / path.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    return target


def training_fingerprint(root: Path = ROOT) -> str:
    """A hash of the training inputs' paths and contents."""
    digest = hashlib.sha256()
    for path in _files(TRAINING_INPUTS, root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_path(fingerprint: str | None = None) -> Path:
    return MODELS_DIR / f"{fingerprint or training_fingerprint()}.tar.gz"


def rasa_process_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for the Rasa processes: quiet, no telemetry, project importable."""
    env = dict(os.environ)
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "PYTHONPATH": str(ROOT),
            "SANIC_HOST": "127.0.0.1",
            "RASA_CACHE_DIRECTORY": str(VAR_DIR / "rasa-cache"),
        }
    )
    env.update(extra or {})
    return env


def ensure_model(log: Path | None = None) -> Path:
    """Train the model unless one for the current training data exists; return its path.

    A file lock makes concurrent callers (a test run and `./supportbot run`) train once.
    """
    fingerprint = training_fingerprint()
    target = model_path(fingerprint)
    if target.exists():
        return target
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    with open(MODELS_DIR / ".train.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.exists():
            return target
        log = log or VAR_DIR / "log" / "train.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        print(f"[supportbot] training the Rasa model {fingerprint} (log: {log})", file=sys.stderr, flush=True)
        started = time.monotonic()
        with open(log, "w") as out:
            result = subprocess.run(
                train_command(rasa_env(), MODELS_DIR, fingerprint),
                cwd=ROOT,
                env=rasa_process_env(),
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if result.returncode != 0 or not target.exists():
            raise RuntimeError(f"rasa train failed (exit {result.returncode}); see {log}")
        print(f"[supportbot] trained in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    return target


def train_command(env: Path, out: Path, name: str) -> list[str]:
    """`rasa train` on the training inputs of the working directory, into `out`/`name`.tar.gz."""
    return [
        str(env / "bin" / "rasa"),
        "train",
        "--config",
        "bot/config.yml",
        "--domain",
        "bot/domain.yml",
        "--data",
        "bot/data",
        "nlu_data",
        "--out",
        str(out),
        "--fixed-model-name",
        name,
    ]


@dataclass
class Ports:
    gateway: int = 8000
    rasa: int = 5005
    actions: int = 5055


@dataclass
class StackConfig:
    """Where each process listens and keeps its state."""

    ports: Ports = field(default_factory=Ports)
    database_url: str = f"sqlite:///{VAR_DIR / 'supportbot.db'}"
    tracker_db: Path = VAR_DIR / "rasa_tracker.db"
    gateway_host: str = "127.0.0.1"
    rasa_token: str = field(default_factory=lambda: os.environ.get("SUPPORTBOT_RASA_TOKEN") or os.urandom(16).hex())
    # The action server's bearer token for the gateway's desk API (api/routers/desk.py).
    desk_token: str = field(default_factory=lambda: os.environ.get("SUPPORTBOT_DESK_TOKEN") or os.urandom(16).hex())
    log_dir: Path = VAR_DIR / "log"
    gateway_env: dict[str, str] = field(default_factory=dict)


def tracker_store(config: StackConfig) -> tuple[str, dict[str, str]]:
    """Rasa's endpoints file and the SQL tracker store settings it reads.

    A SQLite file by default; SUPPORTBOT_TRACKER_DIALECT=postgresql with
    SUPPORTBOT_TRACKER_{HOST,PORT,DB,USER,PASSWORD} selects PostgreSQL.
    """
    if os.environ.get("SUPPORTBOT_TRACKER_DIALECT", "sqlite") == "sqlite":
        return "bot/endpoints.yml", {"SUPPORTBOT_TRACKER_DB": str(config.tracker_db)}
    defaults = {
        "SUPPORTBOT_TRACKER_HOST": "127.0.0.1",
        "SUPPORTBOT_TRACKER_PORT": "5432",
        "SUPPORTBOT_TRACKER_DB": "rasa",
        "SUPPORTBOT_TRACKER_USER": "postgres",
        "SUPPORTBOT_TRACKER_PASSWORD": "",
    }
    return "bot/endpoints.postgres.yml", {key: os.environ.get(key, value) for key, value in defaults.items()}


def _spawn(name: str, argv: list[str], env: dict[str, str], config: StackConfig) -> subprocess.Popen[bytes]:
    config.log_dir.mkdir(parents=True, exist_ok=True)
    log = open(config.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the process
    return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def start_actions(config: StackConfig) -> subprocess.Popen[bytes]:
    return _spawn(
        "actions",
        [
            str(rasa_env() / "bin" / "rasa"),
            "run",
            "actions",
            "--actions",
            "actions",
            "--port",
            str(config.ports.actions),
        ],
        rasa_process_env(
            {
                "SUPPORTBOT_DESK_TOKEN": config.desk_token,
                # The gateway to call when a message does not say which (each names its own).
                "SUPPORTBOT_GATEWAY_URL": f"http://127.0.0.1:{config.ports.gateway}",
            }
        ),
        config,
    )


def start_rasa(config: StackConfig, model: Path) -> subprocess.Popen[bytes]:
    config.tracker_db.parent.mkdir(parents=True, exist_ok=True)
    endpoints, store = tracker_store(config)
    env = rasa_process_env({"SUPPORTBOT_ACTIONS_URL": f"http://127.0.0.1:{config.ports.actions}/webhook", **store})
    return _spawn(
        "rasa",
        [
            str(rasa_env() / "bin" / "rasa"),
            "run",
            "--model",
            str(model),
            "--enable-api",
            "--auth-token",
            config.rasa_token,
            "--interface",
            "127.0.0.1",
            "--port",
            str(config.ports.rasa),
            "--endpoints",
            endpoints,
            "--credentials",
            "bot/credentials.yml",
        ],
        env,
        config,
    )


def gateway_environment(config: StackConfig) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "SUPPORTBOT_DATABASE_URL": config.database_url,
            "SUPPORTBOT_RASA_URL": f"http://127.0.0.1:{config.ports.rasa}",
            "SUPPORTBOT_RASA_TOKEN": config.rasa_token,
            "SUPPORTBOT_DESK_TOKEN": config.desk_token,
            "SUPPORTBOT_DESK_URL": f"http://127.0.0.1:{config.ports.gateway}",
        }
    )
    env.update(config.gateway_env)
    return env


def gateway_command(config: StackConfig, env: Mapping[str, str]) -> list[str]:
    """uvicorn's command line for the gateway whose environment is `env`."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "api.app:create_app",
        "--factory",
        "--host",
        config.gateway_host,
        "--port",
        str(config.ports.gateway),
        "--no-access-log",
        "--ws-max-size",
        str(64 * 1024),
        "--ws",
        "api.ws_protocol:WebSocketProtocol",  # invalid UTF-8 -> 1007 and one log line, no traceback
        # The client's address (per-address flood limit, api/address_flood.py) is X-Forwarded-For's
        # only when the peer is one of these proxies; any other peer is the client, whatever it sends.
        "--proxy-headers",
        "--forwarded-allow-ips",
        env.get("SUPPORTBOT_TRUSTED_PROXIES") or DEFAULT_TRUSTED_PROXIES,
    ]


def start_gateway(config: StackConfig) -> subprocess.Popen[bytes]:
    env = gateway_environment(config)
    return _spawn("gateway", gateway_command(config, env), env, config)


def wait_http(
    url: str, timeout: float, ok: tuple[int, ...] = (200,), process: subprocess.Popen[bytes] | None = None
) -> None:
    """Poll `url` until it answers one of `ok`, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {process.returncode}")
        try:
            answer = httpx.get(url, timeout=2)
            if answer.status_code in ok:
                return
            last = f"HTTP {answer.status_code}"
        except httpx.HTTPError as error:
            last = type(error).__name__
        time.sleep(0.05)
    raise TimeoutError(f"{url} not ready after {timeout:.0f} s ({last})")


def readiness(gateway_url: str) -> str:
    """One line on whether the gateway can serve, and if not, which dependency is down."""
    try:
        answer = httpx.get(f"{gateway_url}/readyz", timeout=3)
        body = answer.json()
    except (httpx.HTTPError, ValueError) as error:
        return f"the gateway is up; its readiness check did not answer ({type(error).__name__})"
    if answer.status_code == 200:
        return "ready: database and Rasa answer"
    down = [name for name in ("database", "rasa") if not body.get(name)]
    return f"the gateway is up but not ready: {', '.join(down) or 'a dependency'} not answering (it keeps trying)"


def wait_rasa_model(config: StackConfig, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
    """Rasa answers /status only once its model is loaded (Agent.load takes ~30 s)."""
    wait_http(f"http://127.0.0.1:{config.ports.rasa}/status?token={config.rasa_token}", timeout, process=process)


def stop(process: subprocess.Popen[bytes], timeout: float = 15) -> None:
    """SIGTERM the process group, then SIGKILL whatever is left after `timeout`."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, 15)
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait()
    except ProcessLookupError:
        pass


@contextlib.contextmanager
def scratch_stack(home: Path, model: Path, gateway_env: Mapping[str, str]) -> Iterator[StackConfig]:
    """An action server, Rasa and a gateway of their own on free ports, over fresh SQLite files in
    `home`, ready when entered and stopped on exit: what benchmarks and evaluations measure on."""
    config = StackConfig(
        ports=Ports(gateway=free_port(), rasa=free_port(), actions=free_port()),
        database_url=f"sqlite:///{home}/gateway.db",
        tracker_db=home / "tracker.db",
        log_dir=home / "log",
        gateway_env={"SUPPORTBOT_SECRET_KEY_FILE": f"{home}/secret.key", **gateway_env},
    )
    processes = [start_actions(config), start_rasa(config, model), start_gateway(config)]
    try:
        wait_rasa_model(config, timeout=240, process=processes[1])
        wait_http(f"http://127.0.0.1:{config.ports.gateway}/readyz", timeout=60, process=processes[2])
        yield config
    finally:
        for process in reversed(processes):
            stop(process)
