"""What one password guess costs on this machine: open an SQLCipher office with a wrong key.

docs/encryption.md quotes this figure. Run: python -m bench.kdf_cost [--guesses 20]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

from microoffice.core.db.sqlite_files import WrongPassword, cipher_module, connect_file


def per_guess(guesses: int = 20) -> tuple[float, dict[str, str]]:
    """Median seconds per wrong guess, and the cipher settings it ran under."""
    module = cipher_module()
    with tempfile.TemporaryDirectory(prefix="kdf-cost-") as scratch:
        path = Path(scratch) / "office.sqlite"
        conn = module.connect(str(path))
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA key = 'the right password here'")
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        settings = {
            name: str(conn.execute(f"PRAGMA {name}").fetchone()[0])
            for name in ("cipher_version", "kdf_iter", "cipher_kdf_algorithm")
        }
        conn.close()
        times = []
        for n in range(guesses):
            started = time.perf_counter()
            with contextlib.suppress(WrongPassword):
                connect_file(path, f"wrong guess {n}").close()
            times.append(time.perf_counter() - started)
    return statistics.median(times), settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.kdf_cost", description=__doc__)
    parser.add_argument("--guesses", type=int, default=20)
    args = parser.parse_args(argv)
    seconds, settings = per_guess(args.guesses)
    print(", ".join(f"{k} {v}" for k, v in settings.items()))
    print(f"{seconds:.3f} s per guess, {1 / seconds:.1f} guesses a second on one core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
