from sessions_core.api import Bot, Submission, expect

from . import pages


class PlayerBot(Bot):
    def play_round(self):
        yield pages.Accept, {'offer_accepted': True}
        expect(self.player.offer_accepted, True)
        if self.session.config.get('note_outside_form'):
            # The note button is outside the form: a browser could not send it.
            yield Submission(pages.Hand, {'hand': 'paper', 'note': 'hi'})
        yield pages.Hand, {'hand': 'paper'}
        expect(self.player.hand, 'paper')
        expect('You accepted: True; your hand: paper', 'in', self.html)
