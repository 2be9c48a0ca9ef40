from django.db import models


class HookRun(models.Model):
    """One committed run of a hook; no unique constraint, so a double run shows as two rows."""

    session_name = models.CharField(max_length=32)
    kind = models.CharField(max_length=50)
    key = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.key} in {self.session_name}"
