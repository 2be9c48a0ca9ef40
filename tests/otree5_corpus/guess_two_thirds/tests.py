from . import *


class PlayerBot(Bot):
    def play_round(self):
        expect('to two thirds of the average wins 50 points', 'in', self.html)
        yield SubmissionMustFail(Guess, dict(guess=101))
        # 10, 20, ..., 60 over the session: the average is 35, two thirds of it 23.33
        yield Guess, dict(guess=10 * self.player.id_in_subsession)
        expect(self.subsession.best_guess, 20)
        expect(self.player.is_winner, self.player.id_in_subsession == 2)
        if self.player.id_in_subsession == 2:
            expect('You won 50 points!', 'in', self.html)
        elif self.player.id_in_subsession == 1:
            expect('Your guess of 10 was 10 below the best guess.', 'in', self.html)
        else:
            distance = 10 * self.player.id_in_subsession - 20
            expect(f'was {distance} above the best guess.', 'in', self.html)
        expect('Two thirds of the average guess: 23.33.', 'in', self.html)
        yield Results
