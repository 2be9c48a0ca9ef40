from sessions_core.api import Bot, Submission, expect

from . import pages


class PlayerBot(Bot):
    """Odd participants let the Answer page time out; even ones answer 7."""

    def play_round(self):
        if self.round_number == 1:
            expect(self.participant.vars['new_player_id'], self.participant.id_in_session)
            expect('Hello participant', 'in', self.html)
            yield pages.Intro
        if self.player.role() == 'leader':
            yield pages.Decide, {'choice': self.round_number}
        # The code after a yield sees the state after the wait pages that followed it.
        expect(self.group.choice, self.round_number)
        expect(self.group.page_hook_runs, 1)
        expect(self.group.group_hook_runs, 1)
        expect(self.subsession.all_groups_hook_runs, 1)
        if self.participant.id_in_session % 2:
            yield Submission(pages.Answer, {}, timeout_happened=True)
            expect(self.player.answer, 42)
            expect(self.player.timed_out, True)
        else:
            yield pages.Answer, {'answer': 7}
            expect(self.player.answer, 7)
            expect(self.player.timed_out, False)
        yield pages.Leave
