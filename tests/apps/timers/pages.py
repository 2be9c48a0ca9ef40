import time

from sessions_core.api import Page, WaitPage

from .models import Constants


class Choose(Page):
    """A fixed time limit with a timeout_submission for one field and neutral values for the
    others."""

    form_model = 'player'
    form_fields = ['number', 'flag', 'note', 'amount', 'share', 'remark', 'level']
    timeout_seconds = 60
    timeout_submission = {'number': 7}

    def before_next_page(self):
        self.player.choose_timed_out = self.timeout_happened
        self.player.submissions += 1
        # A deadline spanning the next two pages, as oTree apps keep one.
        self.participant.vars['expiry'] = time.time() + Constants.task_seconds


class Task1(Page):
    def get_timeout_seconds(self):
        return self.participant.vars['expiry'] - time.time()

    def before_next_page(self):
        self.player.task1_timed_out = self.timeout_happened


class Task2(Page):
    def get_timeout_seconds(self):
        return self.participant.vars['expiry'] - time.time()

    def before_next_page(self):
        self.player.task2_timed_out = self.timeout_happened


class Together(WaitPage):
    pass


class Last(Page):
    timeout_seconds = 30

    def before_next_page(self):
        self.player.last_timed_out = self.timeout_happened


class Untimed(Page):
    pass


page_sequence = [Choose, Task1, Task2, Together, Last, Untimed]
