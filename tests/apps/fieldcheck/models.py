"""Test app (oTree 3 format): declared participant and session fields (PARTICIPANT_FIELDS and
SESSION_FIELDS, declared by the tests that play it: tests/otree5_fields/) and ExtraModel
tables linked to its players, groups and subsessions."""
from sessions_core.api import (
    BaseConstants,
    BaseGroup,
    BasePlayer,
    BaseSubsession,
    ExtraModel,
    models,
)


class Constants(BaseConstants):
    name_in_url = 'fieldcheck'
    players_per_group = 2
    num_rounds = 2
    acceptable = 10


class Subsession(BaseSubsession):
    def creating_session(self):
        Note.create(subsession=self, text=f'round {self.round_number} created')


class Group(BaseGroup):
    total_offered = models.CurrencyField(initial=0)

    def settle(self):
        self.total_offered = sum(Offer.values_list('amount', group=self, flat=True))
        for offer in Offer.filter(group=self):
            offer.accepted = offer.amount >= Constants.acceptable
        self.session.settled_rounds = self.session.vars.get('settled_rounds', 0) + 1


class Player(BasePlayer):
    amount = models.CurrencyField(min=0, max=100, label='Your offer')

    def record_offer(self):
        Offer.create(player=self, group=self.group, amount=self.amount)
        participant = self.participant
        participant.offers_made = participant.vars.get('offers_made', 0) + 1
        if self.round_number == 1:
            participant.first_offer = {'amount': float(self.amount), 'round': 1}


class Offer(ExtraModel):
    player = models.Link(Player)
    group = models.Link(Group)
    amount = models.CurrencyField(doc='What the player offered')
    accepted = models.BooleanField(doc='Whether the offer reached Constants.acceptable')


class Note(ExtraModel):
    subsession = models.Link(Subsession)
    text = models.StringField()
