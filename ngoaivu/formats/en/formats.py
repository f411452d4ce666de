# English UI keeps day-first dates: the records are Vietnamese and mm/dd would mislead. Only the number
# separators differ from Vietnamese.
from ngoaivu.formats.vi.formats import *  # noqa: F401,F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
