"""Compile the name finder to C with mypyc (articles/names/native.py), into var/native/.

`make` runs it whenever the finder's sources change. Without a C compiler, or if mypyc
fails, the finder runs as plain Python: the same names for about half as much CPU again,
so this command then says so and exits with 0 (`--strict`: 1).
"""

import subprocess

from django.core.management.base import BaseCommand, CommandError

from articles.names import native


class Command(BaseCommand):
    help = "Compile the name finder with mypyc into var/native/ (loaded when its sources match)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--strict", action="store_true", help="fail (exit 1) if it cannot be compiled"
        )

    def handle(self, *args, strict: bool = False, **options):
        try:
            native.build()
        except (subprocess.CalledProcessError, OSError) as error:
            message = f"The name finder was not compiled ({error}); it runs as plain Python."
            if strict:
                raise CommandError(message) from error
            self.stderr.write(message)
            return
        self.stdout.write(f"Compiled the name finder into {native.NATIVE_DIR}.")
