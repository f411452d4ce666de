"""Where apps plug into the shell without editing core templates: navigation items and home panels.

An app calls these from its AppConfig.ready(). A home panel is a function (request) -> dict | None; the
dict has "template" and its context, and None hides the panel (e.g. nothing in the user's scope).
"""
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 50
    # Which users see the item: None = every signed-in user.
    visible: Callable | None = None


NAV: list[NavItem] = []
HOME_PANELS: list[tuple[int, Callable]] = []


def register_nav(label, url_name, order=50, visible=None):
    if not any(item.url_name == url_name for item in NAV):
        NAV.append(NavItem(label, url_name, order, visible))
        NAV.sort(key=lambda item: item.order)


# Panels loaded after the page (issue 9): the home page writes a placeholder that htmx replaces with the
# panel from its own URL (core:home_panel, by name), so the page does not wait for the panel's reads of the
# register. name -> (func, visible): `visible(request)` is the cheap test of whether the user could see the
# panel at all (it decides the placeholder and the "nothing to look at" message); the panel itself may
# still come back empty.
LAZY_PANELS: dict[str, tuple[Callable, Callable]] = {}


def register_home_panel(func, order=50, lazy_name=None, visible=None):
    """Add a home panel. With `lazy_name` (a slug) the panel is loaded after the page from its own URL."""
    if all(existing is not func for _order, existing in HOME_PANELS):
        HOME_PANELS.append((order, func))
        HOME_PANELS.sort(key=lambda pair: pair[0])
    if lazy_name:
        LAZY_PANELS[lazy_name] = (func, visible or (lambda request: True))


def lazy_name_of(func):
    """The name a lazily loaded panel is registered under, or None for a panel rendered in the page."""
    return next((name for name, (lazy, _visible) in LAZY_PANELS.items() if lazy is func), None)


# Demo data loaders: functions () -> None, run in order by `ngoaivu demo` after the core's accounts
# exist; each must be idempotent (skip what is already there).
DEMO_LOADERS: list[tuple[int, Callable]] = []


def register_demo_loader(func, order=50):
    if all(existing is not func for _order, existing in DEMO_LOADERS):
        DEMO_LOADERS.append((order, func))
        DEMO_LOADERS.sort(key=lambda pair: pair[0])


# Sweep steps: the date-driven rules of each app (statuses that follow passing dates, health, deadlines),
# run in `order` by the one `ngoaivu sweep` (ngoaivu.core.sweep). func(run) -> StepReport, where `run`
# carries the day (`run.today`) and a progress callback (`run.progress(done, total)`).
@dataclass(frozen=True)
class SweepStep:
    name: str
    func: Callable
    order: int = 50
    label: str = ""
    daily: bool = False  # run by the first sweep of each day only (core.sweep.run), unless asked for


SWEEP_STEPS: list[SweepStep] = []


def register_sweep(name, func, order=50, label="", daily=False):
    """Add a step to `ngoaivu sweep`; `name` is what `ngoaivu sweep --only NAME` takes. daily=True: only the
    first sweep of each day (local time) runs it, unless it is named or requested."""
    if not any(step.name == name for step in SWEEP_STEPS):
        SWEEP_STEPS.append(SweepStep(name, func, order, label or name, daily))
        SWEEP_STEPS.sort(key=lambda step: (step.order, step.name))


# Credentials an app hands out besides the password and the API token (the calendar's secret address):
# func(user) revokes the user's, when their password is reset or changed (core.actions), so that whoever
# learnt the old password keeps nothing made with it.
CREDENTIAL_REVOKERS: list[Callable] = []


def register_credential_revoker(func):
    if func not in CREDENTIAL_REVOKERS:
        CREDENTIAL_REVOKERS.append(func)


# Background jobs (core.jobs): long work a request asks for and `ngoaivu worker` (or the sweep) does — a big
# export, a big import's confirmation. kind -> func(job, progress) -> core.jobs.Outcome.
JOB_KINDS: dict[str, Callable] = {}


def register_job(kind, func):
    JOB_KINDS[kind] = func
