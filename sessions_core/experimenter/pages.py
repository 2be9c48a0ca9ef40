"""Page and WaitPage: what experiment apps subclass in pages.py.

A page object is made per request, bound to the participant's current player, group, subsession
and session; the flow engine (sessions_core/flow.py) decides which page that is.
"""
from __future__ import annotations

import inspect
import sys
from typing import TYPE_CHECKING, Any

from sessions_core.errors import FlowError

if TYPE_CHECKING:
    from participants.models import Participant
    from sessions_core.models import BaseGroup, BasePlayer, BaseSubsession, Session


class BasePage:
    template_name: str | None = None
    timeout_seconds: float | None = None
    timeout_submission: dict[str, Any] | None = None

    def __init__(self, *, player: BasePlayer, participant: Participant, app_label: str,
                 page_index: int) -> None:
        self.player = player
        self.participant = participant
        self.app_label = app_label
        self.page_index = page_index
        self.timeout_happened = False

    @property
    def group(self) -> BaseGroup:
        return self.player.group

    @property
    def subsession(self) -> BaseSubsession:
        return self.player.subsession

    @property
    def session(self) -> Session:
        return self.participant.session

    @property
    def round_number(self) -> int:
        return self.player.round_number

    def is_displayed(self) -> bool:
        return True

    def get_timeout_seconds(self) -> float | None:
        return self.timeout_seconds

    def vars_for_template(self) -> dict[str, Any]:
        return {}

    def js_vars(self) -> dict[str, Any] | None:
        """Values for the page's JavaScript (`js_vars`), or None for none."""
        return None

    def get_template_name(self) -> str:
        return self.template_name or f"{self.app_label}/{type(self).__name__}.html"

    @classmethod
    def name(cls) -> str:
        return cls.__name__


class Page(BasePage):
    form_model: str | None = None
    form_fields: list[str] = []
    # A Player method's name, `def live_method(self, data)`, or a staticmethod (player, data):
    # engine/live.py. live_scope "subsession": its answer is keyed by id_in_subsession.
    live_method: Any = None
    live_scope = "group"
    # A group stage (experimenter/stages.py, engine/stages.py): nobody of the group sees the
    # page before all have reached it (start_together), nobody goes past it before all have
    # submitted it (end_together); one timer for the whole group from the moment the stage
    # starts for it, and group_play (a Group method's name, a page method, or a function
    # taking the group) run once per group then.
    start_together = False
    end_together = False
    group_timeout_seconds: float | None = None
    group_play: Any = None

    def get_group_timeout_seconds(self) -> float | None:
        return self.group_timeout_seconds

    def get_form_fields(self) -> list[str]:
        return list(self.form_fields)

    def before_next_page(self) -> None:
        pass

    def error_message(self, values: dict[str, Any]) -> str | dict[str, str] | None:
        return None

    def app_after_this_page(self, upcoming_apps: list[str]) -> str | None:
        return None


class WaitPage(BasePage):
    template_name = "global/WaitPage.html"
    after_all_players_arrive: Any = None
    wait_for_all_groups = False
    group_by_arrival_time = False
    title_text = "Please wait"
    body_text = "Waiting for the other participants."
    # With group_by_arrival_time: a participant who waits longer than this without being
    # grouped is released (engine/lobby.py); the session config keys of the same names win.
    lobby_timeout_seconds: float | None = None
    lobby_timeout_message = ("We could not form a group for you in time. Thank you for waiting: "
                             "you have been released from this session and will be paid the "
                             "show-up fee.")

    def get_lobby_timeout_seconds(self) -> float | None:
        return self.session.config.get("lobby_timeout_seconds", self.lobby_timeout_seconds)

    def get_template_name(self) -> str:
        return self.template_name or "global/WaitPage.html"


def call_page_method(page: BasePage, name: str, player: Any, *args: Any,
                     method_args: tuple[Any, ...] | None = None) -> Any:
    """Call the page's method `name` (is_displayed, vars_for_template, before_next_page, ...)
    in either form an app writes it:

    - a staticmethod (oTree 5's form) gets the player, then args;
    - anything else is the page's method (oTree 3's form): it gets the page as self, then args
      (or method_args when given: oTree 3's before_next_page takes nothing and reads
      self.timeout_happened).

    Quorum's own defaults on BasePage are methods, so a page that defines nothing gets them."""
    if isinstance(_class_attribute(type(page), name), staticmethod):
        return getattr(type(page), name)(player, *args)
    return getattr(page, name)(*(args if method_args is None else method_args))


def call_target_hook(page: BasePage, name: str, target: Any) -> Any:
    """Call the page's hook `name` of the group or the subsession (after_all_players_arrive,
    group_play, get_group_timeout_seconds): a method taking self (oTree 3's form) gets the page;
    a staticmethod, or a function assigned to the page whose first parameter is not `self`
    (oTree 5's `after_all_players_arrive = set_payoffs`), gets target."""
    attribute = _class_attribute(type(page), name)
    if isinstance(attribute, staticmethod):
        return attribute.__func__(target)
    if inspect.isfunction(attribute):
        code = attribute.__code__
        if code.co_argcount > 0 and code.co_varnames[0] == "self":
            return attribute(page)
    return attribute(target)


def _class_attribute(cls: type, name: str) -> Any:
    """The page class's attribute `name` as its class holds it (a staticmethod stays one):
    read from the classes' own dicts, at a tenth of inspect.getattr_static's cost (page
    methods are called several times per request)."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    raise AttributeError(f"page {cls.__name__} has no {name}")


def module_function(page_class: type, name: str) -> Any:
    """A function of the app's package that defines the page class (oTree 5's one-file format:
    its __init__.py), or None: what a hook given by name names when it is no method. The
    pages.py of an oTree 3 app is no package: its functions are helpers, never hooks."""
    module = sys.modules.get(page_class.__module__)
    if not hasattr(module, "__path__"):
        return None
    found = getattr(module, name, None)
    return found if inspect.isfunction(found) else None


def nor_function(page_class: type) -> str:
    """ " nor a function of <the app's package>", for a page of the one-file format."""
    module = sys.modules.get(page_class.__module__)
    return f" nor a function of {page_class.__module__}" if hasattr(module, "__path__") else ""


def call_page_hook(page: BasePage, name: str, target: Any, *, label: str) -> None:
    """Run the page's hook `name` if it has one (after_all_players_arrive, group_play): the name
    of a method of target (oTree 3) or of a function of the page's module taking target (oTree
    5's `after_all_players_arrive = 'set_payoffs'`), or what call_target_hook calls. label names
    the hook in the error for a name that is neither."""
    hook = inspect.getattr_static(page, name, None)
    if hook is None:
        return
    if isinstance(hook, str):
        method = getattr(target, hook, None)
        if callable(method):
            method()
            return
        function = module_function(type(page), hook)
        if function is None:
            raise FlowError(f"{label} names {hook!r}, which is not a method of "
                            f"{type(target).__name__}{nor_function(type(page))}")
        function(target)
        return
    call_target_hook(page, name, target)
