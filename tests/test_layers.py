"""The layers hold, by folder as well as by module, counting imports inside functions too.

``LAYERS`` names every folder (and every module that stands alone under ``bot/``) once, from the top
down. A module may import its own folder and any folder of a lower layer, never one of its own layer
or above; nothing under ``bot/`` but the wiring imports the conversations; and no import cycle exists
between the project's modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "storage")

# From the top down; the places of one layer may not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("bot/__main__.py",),
    ("bot/cli.py",),
    ("bot/sandbox",),
    ("bot/startup.py", "bot/purge_command.py"),
    ("bot/runtime.py",),  # wiring: the process
    ("bot/web.py", "bot/scheduler.py"),
    ("bot/services.py",),  # wiring: settings → engine, adapter
    ("handlers",),  # conversations: the roles, their gates and handlers
    ("bot/usecases",),
    ("bot/wecom",),  # the WeChat (WeCom customer service) adapter; it shares the Telegram one's chat order
    ("bot/outbox", "bot/telegram"),  # what the bot sends on its own; the adapters
    ("bot/documents",),  # the only python-docx / pypdf users
    ("bot/engine",),  # one unit of work per update: events, effects, request, runner
    ("bot/rules",),  # pure rules
    ("bot/campaign",),  # the campaign file
    ("bot/texts",),  # the renderer
    ("storage",),
    ("bot/backup.py", "bot/logs.py"),
    ("bot/config.py",),
    ("bot/validation.py", "bot/metrics.py"),
    ("bot/domain",),  # the application's state machine, languages, deadline arithmetic
)
WIRING = {"bot/services.py", "bot/runtime.py", "bot/cli.py"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every project module ``path`` imports, at any depth of the file (functions included).
    ``from bot.engine import effects`` imports ``bot.engine.effects`` (not the package ``bot.engine``)."""
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = [f"{node.module}.{alias.name}" for alias in node.names]
            names = [name for name in submodules if name in modules] or [node.module]
        else:
            continue
        targets.update(name for name in names if name in modules)
    return targets


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) - {name} for name, path in modules.items()}


def place(module: str) -> str:
    """The folder or lone module of ``LAYERS`` a module belongs to."""
    parts = module.split(".")
    if parts[0] != "bot":
        return parts[0]
    if len(parts) == 1:
        return "bot"
    return f"bot/{parts[1]}" if (ROOT / "bot" / parts[1]).is_dir() else f"bot/{parts[1]}.py"


def _rank() -> dict[str, int]:
    return {name: depth for depth, layer in enumerate(LAYERS) for name in layer}


def test_every_place_is_in_one_layer() -> None:
    named = [name for layer in LAYERS for name in layer]
    assert len(named) == len(set(named))
    places = {place(module) for module in _modules()} - {"bot"}  # bot/__init__.py is empty
    assert sorted(places - set(named)) == []
    assert sorted(set(named) - places) == []


def test_no_folder_imports_its_own_layer_or_one_above() -> None:
    rank = _rank()
    offenders = sorted(
        f"{name} ({place(name)}) imports {target} ({place(target)})"
        for name, targets in _graph().items()
        for target in targets
        if place(name) != place(target) and rank[place(target)] <= rank[place(name)]
    )
    assert offenders == []


def test_nothing_under_bot_but_the_wiring_imports_handlers() -> None:
    offenders = sorted(
        f"{name} imports {target}"
        for name, targets in _graph().items()
        if name.startswith("bot.") and place(name) not in WIRING
        for target in targets
        if target == "handlers" or target.startswith("handlers.")
    )
    assert offenders == []


def test_no_import_cycle_counting_imports_inside_functions() -> None:
    graph = _graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []
