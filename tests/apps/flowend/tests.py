from sessions_core.api import Bot, expect

from . import pages


class PlayerBot(Bot):
    def play_round(self):
        expect(self.participant.vars.get('visited_flowskip', False),
               self.participant.id_in_session % 2 == 0)
        yield pages.End
