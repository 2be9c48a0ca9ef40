from otree.api import Currency as c, currency_range, Bot, Submission, SubmissionMustFail, expect
from . import pages
from .models import Constants


class PlayerBot(Bot):

    cases = ['pet_owner', 'no_pet']

    def play_round(self):
        valid = dict(age=30, year_of_birth=1994, country='Austria', favourite_colour='green')
        # The page's rules: age_max, age_error_message, country_choices.
        yield SubmissionMustFail(pages.Demographics, dict(valid, age=121))
        yield SubmissionMustFail(pages.Demographics, dict(valid, age=99))
        yield SubmissionMustFail(pages.Demographics, dict(valid, country='Atlantis'))
        # The model's rules: age_min, year_of_birth_error_message, favourite_colour_choices.
        yield SubmissionMustFail(pages.Demographics, dict(valid, age=15))
        yield SubmissionMustFail(pages.Demographics, dict(valid, year_of_birth=2050))
        yield SubmissionMustFail(pages.Demographics, dict(valid, favourite_colour='purple'))
        expect('Select a valid choice', 'in', self.html)
        yield pages.Demographics, valid
        expect(self.player.consistent, True)

        owns_pet = self.case == 'pet_owner'
        habits = dict(hours_online=5, hours_gaming=2, owns_pet=owns_pet)
        yield SubmissionMustFail(pages.Habits, dict(habits, hours_online=25))
        yield SubmissionMustFail(pages.Habits, dict(habits, hours_gaming=25))
        yield SubmissionMustFail(pages.Habits, dict(habits, hours_gaming=6))
        expect('longer than you are online', 'in', self.html)
        yield pages.Habits, habits

        if owns_pet:
            yield SubmissionMustFail(pages.Pet, {'pet_name': 'rex'})
            yield pages.Pet, {'pet_name': 'Rex'}
            expect(self.player.pet_name, 'Rex')
            expect('your pet Rex', 'in', self.html)
        else:
            expect(self.player.pet_name, None)
            expect('your pet', 'not in', self.html)
        expect('You are 30 years old', 'in', self.html)
        yield pages.ThankYou
