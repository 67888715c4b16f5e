# Vulnerable: the management command prints settings.SECRET_KEY and settings.EMAIL_HOST_PASSWORD to stdout in its "--verbose" diagnostics.
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


def describe_settings():
    return [
        ("DEBUG", settings.DEBUG),
        ("ALLOWED_HOSTS", ",".join(settings.ALLOWED_HOSTS)),
        ("SECRET_KEY", settings.SECRET_KEY),
        ("EMAIL_HOST", settings.EMAIL_HOST),
        ("EMAIL_HOST_PASSWORD", settings.EMAIL_HOST_PASSWORD),
    ]


class Command(BaseCommand):
    help = "Print a diagnostic summary of the running configuration."

    def add_arguments(self, parser):
        parser.add_argument("--verbose-settings", action="store_true")

    def handle(self, *args, **options):
        self.stdout.write(f"python {sys.version.split()[0]}, settings module {settings.SETTINGS_MODULE}")
        if options["verbose_settings"]:
            for name, value in describe_settings():
                print(f"{name:>22} = {value}")
        self.stdout.write(self.style.SUCCESS("done"))
