import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngoaivu.settings")
application = get_wsgi_application()

# What the worker loaded at start (Django, the apps, the models) stays for its whole life: moved out of the
# cyclic collector's reach, a full collection no longer walks it. Measured: a request that met a full
# collection took ~110 ms of CPU instead of ~9 (1 in ~60 on a list page); with the start-up heap frozen, the
# slowest of 60 took 12-14 ms (bench/RESULTS.md, ninth session).
# The URLconf is loaded first: Django reads it at the first request, and with it every view module and what
# they import (the API's schema helpers, the calendar's iCalendar library, the ward codes' 13,000 enum
# members), ~75,000 objects that a full collection walked every time if left out of the freeze (1.5 ms per
# request on the centre's calendar month, 0.2 with them frozen; thirteenth session).
get_resolver().url_patterns  # noqa: B018 (read for its import)
gc.collect()  # what start-up left unreachable is not frozen with the rest
gc.freeze()
