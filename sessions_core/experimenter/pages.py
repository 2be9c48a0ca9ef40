"""Page and WaitPage: what experiment apps subclass in pages.py.

A page object is made per request, bound to the participant's current player, group, subsession
and session; the flow engine (sessions_core/flow.py) decides which page that is.
"""
from __future__ import annotations

import inspect
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


def call_page_method(page: BasePage, name: str, target: Any) -> Any:
    """Call the page's `name`: a method taking self gets the page; a staticmethod or plain
    function gets target (the group, or the subsession), as oTree's function style does."""
    method = inspect.getattr_static(page, name)
    if isinstance(method, staticmethod):
        method = method.__func__
    params = list(inspect.signature(method).parameters)
    return method(page) if params and params[0] == "self" else method(target)


def call_page_hook(page: BasePage, name: str, target: Any, *, label: str) -> None:
    """Run the page's hook `name` if it has one (after_all_players_arrive, group_play): the name
    of a method of target, or what call_page_method calls. label names the hook in the error
    for a name that is not target's method."""
    hook = inspect.getattr_static(page, name, None)
    if hook is None:
        return
    if isinstance(hook, str):
        method = getattr(target, hook, None)
        if not callable(method):
            raise FlowError(f"{label} names {hook!r}, which is not a method of "
                            f"{type(target).__name__}")
        method()
        return
    call_page_method(page, name, target)
