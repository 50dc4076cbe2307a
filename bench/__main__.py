"""`./supportbot bench NAME [options]`: run one benchmark from bench/."""

from __future__ import annotations

import sys

from bench import admin, channels, desk, e2e, flood, language, stall

BENCHMARKS = {
    "e2e": e2e.main,
    "channels": channels.main,
    "language": language.main,
    "stall": stall.main,
    "desk": desk.main,
    "admin": admin.main,
    "flood": flood.main,
}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in BENCHMARKS:
        print(f"usage: ./supportbot bench {{{','.join(BENCHMARKS)}}} [--help]", file=sys.stderr)
        return 2
    return BENCHMARKS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
