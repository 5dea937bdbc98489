"""The project's settings, with one extra URL for benchmarks/desks.py: a bare view behind the same middleware."""
from craftsman_portal.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.desks_urls"
