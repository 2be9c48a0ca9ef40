from sessions_core.api import Bot, Submission, expect

from . import pages


class PlayerBot(Bot):
    """The third member of each group lets the group timer run out; the others answer."""

    def play_round(self):
        yield pages.Intro
        expect(self.group.plays, 1)
        if self.player.id_in_group == 3:
            yield Submission(pages.Trade, {'answer': 9}, timeout_happened=True)
        else:
            yield pages.Trade, {'answer': self.player.id_in_group}
        # Past the end barrier: everyone of the group has left Trade.
        expect([p.answer for p in self.group.get_players()], [1, 2, 0])
        expect(self.player.timed_out, self.player.id_in_group == 3)
        yield pages.Results
