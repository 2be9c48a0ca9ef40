"""Forming groups within a subsession: the group matrix and the ways to change it."""
from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from sessions_core import idmap

if TYPE_CHECKING:
    from sessions_core.models import BaseGroup, BasePlayer


class GroupMatrixMixin:
    """Methods of BaseSubsession that read and change how its players are grouped."""

    def get_group_matrix(self) -> list[list[BasePlayer]]:
        by_group: dict[int, list[BasePlayer]] = {g.pk: [] for g in self.get_groups()}  # type: ignore[attr-defined]
        for player in self.get_players():  # type: ignore[attr-defined]
            if player.group_id in by_group:
                by_group[player.group_id].append(player)
        rows = [sorted(players, key=lambda p: p.id_in_group) for players in by_group.values()]
        return [row for row in rows if row]

    def set_group_matrix(self, matrix: list[list[Any]]) -> None:
        """Regroup: each row is a group, of players or of their id_in_subsession."""
        players = self.get_players()  # type: ignore[attr-defined]
        by_id = {p.id_in_subsession: p for p in players}
        rows = [[_resolve(by_id, item) for item in row] for row in matrix]
        placed = [p.id_in_subsession for row in rows for p in row]
        if sorted(placed) != sorted(by_id) or any(not row for row in rows):
            raise ValueError(
                "set_group_matrix: the matrix must hold every player of the subsession exactly "
                f"once in non-empty rows (players {sorted(by_id)}, matrix has {sorted(placed)})"
            )
        groups = self._groups_for(len(rows))
        for group, row in zip(groups, rows, strict=True):
            for position, player in enumerate(row, start=1):
                player.group = group
                player.id_in_group = position
        idmap.save_now(players, ["group", "id_in_group"])
        self._drop_groups_beyond(len(rows))

    def group_randomly(self, fixed_id_in_group: bool = False) -> None:
        matrix = self.get_group_matrix()
        if fixed_id_in_group:
            columns = [list(col) for col in zip(*matrix, strict=True)]
            for column in columns:
                random.shuffle(column)
            self.set_group_matrix([list(row) for row in zip(*columns, strict=True)])
            return
        players = [p for row in matrix for p in row]
        random.shuffle(players)
        sizes = [len(row) for row in matrix]
        shuffled, start = [], 0
        for size in sizes:
            shuffled.append(players[start:start + size])
            start += size
        self.set_group_matrix(shuffled)

    def group_like_round(self, round_number: int) -> None:
        earlier = self.in_round(round_number)  # type: ignore[attr-defined]
        here = {p.participant_id: p for p in self.get_players()}  # type: ignore[attr-defined]
        self.set_group_matrix(
            [[here[p.participant_id] for p in row] for row in earlier.get_group_matrix()]
        )

    def _groups_for(self, count: int) -> list[BaseGroup]:
        groups = self.get_groups()  # type: ignore[attr-defined]
        group_model = type(groups[0]) if groups else self._group_model()
        missing = [
            group_model(session_id=self.session_id, subsession=self,  # type: ignore[attr-defined]
                        round_number=self.round_number,  # type: ignore[attr-defined]
                        id_in_subsession=n)
            for n in range(len(groups) + 1, count + 1)
        ]
        if missing:
            group_model.objects.bulk_create(missing)
            groups.extend(idmap.adopt_all(missing))
        return groups[:count]

    def _drop_groups_beyond(self, count: int) -> None:
        self._group_model().objects.filter(
            subsession=self, id_in_subsession__gt=count
        ).delete()

    def _drop_empty_groups(self) -> None:
        player_model = self._meta.apps.get_model(self._meta.app_label, "Player")  # type: ignore[attr-defined]
        used = player_model.objects.filter(subsession=self, group__isnull=False).values("group_id")
        self._group_model().objects.filter(subsession=self).exclude(pk__in=used).delete()

    def _group_size(self) -> int:
        """Constants.players_per_group, or everyone when it is None."""
        from sessions_core.registry import experiment_app

        size = experiment_app(self._meta.app_label).players_per_group  # type: ignore[attr-defined]
        return size or len(self.get_players())  # type: ignore[attr-defined]

    def _group_model(self) -> type[BaseGroup]:
        meta = self._meta  # type: ignore[attr-defined]
        return meta.apps.get_model(meta.app_label, "Group")


def _resolve(by_id: dict[int, BasePlayer], item: Any) -> BasePlayer:
    key = item if isinstance(item, int) else getattr(item, "id_in_subsession", None)
    if key not in by_id:
        raise ValueError(f"set_group_matrix: {item!r} is not a player of this subsession")
    return by_id[key]
