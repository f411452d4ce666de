"""Demo data of the register (filled in below)."""


def load_demo_agreements():
    pass
