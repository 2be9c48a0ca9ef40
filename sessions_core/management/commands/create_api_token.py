"""manage.py create_api_token <username> [--reset]: the user's REST API token, on stdout alone
(so a script can capture it); created when the user has none, shown when they have one, replaced
with --reset (the old one stops working at once)."""
from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from rest_framework.authtoken.models import Token


@transaction.atomic
def api_token_for(*, user: Any, reset: bool) -> tuple[Token, bool]:
    """The user's token and whether it is new (reset: a new one replaces any old one)."""
    if reset:
        Token.objects.filter(user=user).delete()
    token, created = Token.objects.get_or_create(user=user)
    return token, created


class Command(BaseCommand):
    help = "Print a user's REST API token (created if the user has none yet)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true",
                            help="replace the user's token: the old one stops working")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}: create one first "
                               f"(manage.py createsuperuser, or the admin's Users page)")
        token, created = api_token_for(user=user, reset=options["reset"])
        what = "new token" if options["reset"] else "created a token" if created \
            else "existing token"
        self.stderr.write(f"{what} for {username}:")
        if not user.is_staff:
            self.stderr.write(f"note: {username} is not staff: the API refuses this token "
                              f"until they are (and have the model permissions it needs)")
        self.stdout.write(token.key)
