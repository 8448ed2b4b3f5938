"""Start-up of the window on the large demo, to first paint and to data shown, against a bare
PySide6 window that shows itself and quits on its first paint (issue 2, point 8)."""

from __future__ import annotations

from bench.core import BENCH_DIR, Context, Result, measurement, median

PAINT_TARGET, PAINT_AIM = 1.5, 1.2
DATA_TARGET, DATA_AIM = 5.0, 3.0


@measurement("startup", order=10)
def startup(ctx: Context) -> list[Result]:
    """Whole-process wall time, median of N runs, the three commands alternating in turn."""
    db = str(ctx.large_db())
    commands = {
        "bare window": [ctx.python, str(BENCH_DIR / "bare_window.py")],
        "first paint": [ctx.python, "-m", "microoffice", "--smoke=paint", "--db", db],
        "data shown": [ctx.python, "-m", "microoffice", "--smoke=data", "--db", db],
    }
    names = list(commands)
    for name in names:  # warm-up: disk cache, .pyc files, any one-off migration
        ctx.time_process(commands[name])
    samples: dict[str, list[float]] = {name: [] for name in names}
    for i in range(ctx.runs):
        turn = names[i % 3 :] + names[: i % 3]  # rotate who goes first
        for name in turn:
            samples[name].append(ctx.time_process(commands[name]))
    bare = median(samples["bare window"])
    paint, data = median(samples["first paint"]), median(samples["data shown"])
    runs = f"median of {ctx.runs}"
    return [
        Result(
            "start-up to first paint",
            paint / bare,
            "x",
            PAINT_TARGET,
            PAINT_AIM,
            f"{paint:.3f} s vs bare window {bare:.3f} s ({runs})",
            samples,
        ),
        Result(
            "start-up to data shown",
            data / bare,
            "x",
            DATA_TARGET,
            DATA_AIM,
            f"{data:.3f} s vs bare window {bare:.3f} s ({runs})",
            {"data shown": samples["data shown"], "bare window": samples["bare window"]},
        ),
    ]
