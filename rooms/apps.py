from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "rooms"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Rooms"  # the admin's section title

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from rooms.services import rooms_ensure_defaults_after_migrate

        post_migrate.connect(rooms_ensure_defaults_after_migrate, sender=self)
