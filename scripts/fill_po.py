"""Developer helper: fill msgstr of a .po file from a JSON dict {msgid: translation}.

Usage: python scripts/fill_po.py ngoaivu/<app>/locale/en/LC_MESSAGES/django.po translations.json
(after `manage.py makemessages -l en` in the app folder). Entries not in the dict keep their msgstr.
"""
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

po_path, json_path = sys.argv[1], sys.argv[2]
locale = Path(po_path).parts[-3]  # …/locale/<lang>/LC_MESSAGES/django.po; keeps Language and Plural-Forms
with open(po_path, "rb") as f:
    catalog = read_po(f, locale=locale)
    catalog.fuzzy = False
translations = json.load(open(json_path, encoding="utf-8"))
missing = []
for message in catalog:
    if not message.id:
        continue
    key = message.id if isinstance(message.id, str) else message.id[0]
    if key in translations:
        value = translations[key]
        message.string = tuple(value) if isinstance(message.id, tuple) else value
        message.flags.discard("fuzzy")
    elif not message.string or (isinstance(message.string, tuple) and not any(message.string)):
        missing.append(key)
with open(po_path, "wb") as f:
    write_po(f, catalog, width=0)
print(f"untranslated: {len(missing)}")
for key in missing:
    print("  ", key)
