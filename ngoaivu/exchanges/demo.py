"""Demo data for exchanges (filled in below)."""


def load_demo():
    pass
