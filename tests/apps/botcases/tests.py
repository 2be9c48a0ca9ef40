from sessions_core.api import Bot, expect

from . import pages


class PlayerBot(Bot):
    cases = ['calm', 'bold', 'shy']

    def play_round(self):
        expect(self.case, 'in', self.cases)
        yield pages.Record, {'case_name': self.case}
