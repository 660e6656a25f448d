"""`python -m interview_autopilot` and the `interview-autopilot` console script: the command
line lives in interview_autopilot/cli/commands.py."""

import sys

from interview_autopilot.cli.commands import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
