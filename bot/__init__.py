"""jobpicks: daily ranked job picks in Slack."""

__version__ = "0.1.0"
