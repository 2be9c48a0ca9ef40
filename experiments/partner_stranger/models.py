"""A five-round investment game in pairs, with partner or stranger matching over the rounds."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models
from sessions_core.api import Currency as c

doc = """
Pairs of an Investor and a Trustee play five rounds. The Investor sends part of an endowment,
which is tripled; the Trustee sends back any part of what arrived. The session config key
"matching" decides who meets whom: "partner" keeps each pair together for all five rounds,
"stranger" re-draws the pairs at random every round. Each participant keeps their role.
"""

MATCHINGS = ('partner', 'stranger')


class Constants(BaseConstants):
    name_in_url = 'partner_stranger'
    players_per_group = 2
    num_rounds = 5

    endowment = c(10)
    multiplier = 3
    investor_role = 'Investor'
    trustee_role = 'Trustee'


def matching_of(session):
    matching = session.config.get('matching', 'partner')
    if matching not in MATCHINGS:
        raise ValueError(f'config key "matching" must be "partner" or "stranger", not {matching!r}')
    return matching


class Subsession(BaseSubsession):
    def creating_session(self):
        # Runs once per round, in round order, when the session is initialized.
        matching = matching_of(self.session)
        if matching == 'stranger':
            # New pairs every round; fixed_id_in_group keeps each participant's role, since
            # role() is read from id_in_group.
            self.group_randomly(fixed_id_in_group=True)
        elif self.round_number == 1:
            self.group_randomly(fixed_id_in_group=True)
        else:
            # Partners: the pairs (and the roles in them) of round 1, in every later round.
            self.group_like_round(1)


class Group(BaseGroup):
    sent_amount = models.CurrencyField(min=0, max=Constants.endowment,
                                       doc='What the Investor sent',
                                       label='How much do you send to the Trustee?')
    sent_back_amount = models.CurrencyField(min=0, doc='What the Trustee sent back',
                                            label='How much do you send back to the Investor?')

    def set_payoffs(self):
        investor = self.get_player_by_role(Constants.investor_role)
        trustee = self.get_player_by_role(Constants.trustee_role)
        investor.payoff = Constants.endowment - self.sent_amount + self.sent_back_amount
        trustee.payoff = self.sent_amount * Constants.multiplier - self.sent_back_amount


class Player(BasePlayer):
    def role(self):
        return Constants.investor_role if self.id_in_group == 1 else Constants.trustee_role

    def partner(self):
        return self.get_others_in_group()[0]

    def same_partner_as_last_round(self):
        if self.round_number == 1:
            return None
        before = self.in_round(self.round_number - 1)
        return before.partner().participant_id == self.partner().participant_id
