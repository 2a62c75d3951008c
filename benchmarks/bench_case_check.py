"""Benchmark of the case-study check.

(a) A generated case of about 6000 字 with 6 pictures of mixed kinds: median time of
    ``read_docx`` + ``check_case`` against the median time python-docx takes merely to open the
    same file (``docx.Document(path)``); target ratio ≤ 1.5. The pictures are tiny 1×1 PNGs
    (the worst case for us: python-docx's cost of reading images is nil); (a') repeats it
    with six distinct 400×300 photo-like (incompressible) pictures, which we never inflate.
(c) A 20 MB case study with 40 photo-like pictures (about 500 KB each): median time of
    ``read_docx`` + ``check_case``; target < 1 s.
(b) A zip bomb whose word/document.xml inflates to 1 GiB: time and peak memory to refuse it
    (tracemalloc peak and the growth of the process's maximum RSS); target < 1 s, < 100 MB.
    Three variants: as built (the ratio check refuses it), with the ratio check off (the
    declared size refuses it), and with forged small declared sizes (the bytes actually
    inflated are capped by the declared size, then the CRC fails).

Run from the repository root: ``.venv/bin/python benchmarks/bench_case_check.py``.
"""

from __future__ import annotations

import resource
import statistics
import struct
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from bot.documents.docx_reader import DocxError, ZipLimits, read_docx  # noqa: E402
from bot.rules.case_check import check_case  # noqa: E402
from tests.case.builders import CaseDoc, make_case, notice_case_rules, png_bytes  # noqa: E402

RUNS = 60
GIB = 1 << 30


def _median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    action()  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def bench_check(folder: Path, label: str, photos: bool) -> None:
    rules = notice_case_rules()
    image = (lambda: png_bytes(400, 300, noise=True)) if photos else png_bytes
    path = make_case(rules, image=image).save(folder / "case.docx")
    report = check_case(read_docx(path), rules)
    print(
        f"{label} case: {report.total_chars} 字, {report.images} pictures, {path.stat().st_size} bytes, "
        f"ok={report.ok}"
    )
    ours = _median_ms(lambda: check_case(read_docx(path), rules))
    python_docx = _median_ms(lambda: docx.Document(str(path)))
    print(f"    read_docx + check_case: {ours:.2f} ms (median of {RUNS})")
    print(f"    docx.Document(path):    {python_docx:.2f} ms (median of {RUNS})")
    print(f"    ratio: {ours / python_docx:.2f}x (target <= 1.5x)")


def bench_large(folder: Path) -> None:
    rules = notice_case_rules()

    def more_pictures(case: CaseDoc) -> None:
        for _ in range(34):  # make_case adds six of every kind
            case.inline_picture()

    photo = lambda: png_bytes(420, 400, noise=True)  # noqa: E731 - about 500 KB, incompressible
    path = make_case(rules, image=photo, extra={3: more_pictures}).save(folder / "large.docx")
    report = check_case(read_docx(path), rules)
    ours = _median_ms(lambda: check_case(read_docx(path), rules), runs=7)
    print(f"(c) large case: {path.stat().st_size / 1e6:.1f} MB, {report.images} pictures, ok={report.ok}")
    print(f"    read_docx + check_case: {ours:.2f} ms (median of 7; target < 1000 ms)")


def build_bomb(path: Path) -> Path:
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            for _ in range(GIB // len(chunk)):
                member.write(chunk)
    return path


def forge_sizes(source: Path, target: Path, declared: int) -> Path:
    """A copy of ``source`` whose document.xml claims to inflate to ``declared`` bytes."""
    raw = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("word/document.xml")
    struct.pack_into("<I", raw, info.header_offset + 22, declared)
    pos = raw.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", raw, pos + 28)[0]
        if raw[pos + 46 : pos + 46 + name_len] == b"word/document.xml":
            struct.pack_into("<I", raw, pos + 24, declared)
        pos = raw.find(b"PK\x01\x02", pos + 4)
    target.write_bytes(bytes(raw))
    return target


def _refuse(label: str, path: Path, limits: ZipLimits) -> None:
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    start = time.perf_counter()
    try:
        read_docx(path, limits)
        outcome = "ACCEPTED (unexpected)"
    except DocxError as exc:
        outcome = f"{exc.code} {exc.params}"
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before  # KiB on Linux
    print(
        f"    {label}: {outcome}; {elapsed * 1000:.1f} ms, tracemalloc peak {peak / 1e6:.1f} MB, "
        f"max RSS growth {rss_growth / 1024:.1f} MB"
    )


def bench_bomb(folder: Path) -> None:
    start = time.perf_counter()
    bomb = build_bomb(folder / "bomb.docx")
    print(
        f"(b) 1 GiB bomb: {bomb.stat().st_size / 1e6:.2f} MB on disk, built in "
        f"{time.perf_counter() - start:.1f} s"
    )
    _refuse("default limits      ", bomb, ZipLimits())
    _refuse("ratio check off     ", bomb, ZipLimits(max_ratio=10**9))
    forged = forge_sizes(bomb, folder / "forged.docx", 1 << 20)
    _refuse("declared size forged", forged, ZipLimits())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench_check(folder, "(a)", photos=False)
        bench_check(folder, "(a')", photos=True)
        bench_large(folder)
        bench_bomb(folder)


if __name__ == "__main__":
    main()
