import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngoaivu.settings")
application = get_wsgi_application()

# What the worker loaded at start (Django, the apps, the models) stays for its whole life: moved out of the
# cyclic collector's reach, a full collection no longer walks it. Measured: a request that met a full
# collection took ~110 ms of CPU instead of ~9 (1 in ~60 on a list page); with the start-up heap frozen, the
# slowest of 60 took 12-14 ms (bench/RESULTS.md, ninth session).
gc.freeze()
