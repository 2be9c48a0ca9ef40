from sessions_core.api import Bot, Submission, expect

from . import pages


class PlayerBot(Bot):
    """Participant 1 lets every timed page run out; participant 2 answers."""

    def play_round(self):
        if self.participant.id_in_session == 1:
            yield Submission(pages.Choose, {'number': 2, 'note': 'typed'}, timeout_happened=True)
            expect(self.player.number, 7)
            expect(self.player.note, 'typed')
            expect(self.player.flag, False)
            yield Submission(pages.Task1, timeout_happened=True)
            yield Submission(pages.Task2, timeout_happened=True)
            yield Submission(pages.Last, timeout_happened=True)
            expect(self.player.last_timed_out, True)
        else:
            yield pages.Choose, {'number': 4, 'flag': True, 'note': '', 'amount': 2, 'share': 1,
                                 'remark': 'fine', 'level': 4}
            expect(self.player.choose_timed_out, False)
            yield pages.Task1
            yield pages.Task2
            yield pages.Last
        yield pages.Untimed
