from sessions_core.api import Bot, expect

from . import pages


class PlayerBot(Bot):
    def play_round(self):
        expect('<title>', 'in', self.html)
        expect('Decide, oTree syntax', 'in', self.html)
        expect('Your endowment is 100 points.', 'in', self.html)
        expect('you: 0.33; them: 2.50;', 'in', self.html)
        expect('<em>as written</em>', 'in', self.html)
        expect('These are the instructions (1 of 2 hands).', 'in', self.html)
        expect('Hello player 1', 'in', self.html)
        expect('How old are you?', 'in', self.html)
        expect('name="hand"', 'in', self.html)
        expect('id="next-button"', 'in', self.html)
        expect('<script>var hands = ["rock", "paper"];\n</script>', 'in', self.html)
        yield pages.Decide, {'age': 30, 'hand': 'paper', 'note': '<b>bold</b>'}
        expect('You are 30, adult, and played paper.', 'in', self.html)
        expect('Your note: &lt;b&gt;bold&lt;/b&gt;', 'in', self.html)
        yield pages.Results
