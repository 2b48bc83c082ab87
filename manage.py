#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    from django.core.management import execute_from_command_line

    from newsarchive import storage_errors

    try:
        execute_from_command_line(sys.argv)
    except Exception as error:
        # A full or read-only disk is the operator's to fix: say so, without a traceback.
        reason = storage_errors.cause(error)
        if reason is None:
            raise
        sys.exit(
            f"The command stopped: it could not write ({reason}). Check that the folders it "
            "writes (var/ unless DATABASE_URL and NEWSARCHIVE_INDEX_DIR say otherwise) exist, "
            "have free space and are writable, then run it again."
        )


if __name__ == "__main__":
    main()
