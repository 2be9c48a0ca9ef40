from . import *


class PlayerBot(Bot):
    cases = ['everyone_agrees', 'second_declines']

    def play_round(self):
        expect(self.session.treatment, 'framed')
        expect('runs the framed treatment', 'in', self.html)
        expect(self.participant.consented, False)
        agrees = self.case == 'everyone_agrees' or self.participant.id_in_session != 2
        yield Consent, dict(consent=agrees)
        expect(self.participant.consented, agrees)
        own = ConsentLog.filter(player=self.player)
        expect(len(own), 1)
        expect(own[0].agreed, agrees)
        if agrees:
            yield Welcome
