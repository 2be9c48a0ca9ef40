from . import *


class PlayerBot(Bot):
    def play_round(self):
        expect('<p id="rules">Guess a number from 0 to 100; you may win 10 points.</p>', 'in',
               self.html)
        expect('<li>Player 1</li><li>Player 2</li>', 'in', self.html)
        expect('Your share: 0.33 (0.3, 0).', 'in', self.html)
        expect('first=Ann;second=Bo;', 'in', self.html)
        yield Intro
        expect('class="quorum-chat"', 'in', self.html)
        expect('How much, from 0 to 100?', 'in', self.html)
        guess = 80 if self.player.id_in_group == 1 else 20
        yield Decide, dict(guess=guess, comment='<i>hi</i>')
        if self.player.id_in_group == 1:
            expect('<p id="outcome">You won 10 points.</p>', 'in', self.html)
        else:
            expect('<p id="outcome">You won nothing.</p>', 'in', self.html)
        partner = self.player.get_others_in_group()[0]
        expect(f'Your partner guessed {partner.guess} and wrote: &lt;i&gt;hi&lt;/i&gt;', 'in',
               self.html)
        yield Results
