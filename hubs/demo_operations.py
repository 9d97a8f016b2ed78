"""Demo data for this part of the app (called by seed_demo)."""

from partnership.demo import DemoContext


def seed(ctx: DemoContext) -> None:
    """Nothing yet."""
