"""Demo data of implementation tracking (filled in below)."""


def load_demo():
    pass
