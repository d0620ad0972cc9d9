#!/usr/bin/python3
"""overrides_schema_check.py - docs/overrides.schema.json agrees with the example
override documents: every tests/inputs/overrides/valid/*.json validates, every
tests/inputs/overrides/invalid/*.json does not (test_override checks the same files
against the parser)."""
import glob
import json
import os
import sys

import jsonschema

top = sys.argv[1]
schema = json.load(open(os.path.join(top, "docs/overrides.schema.json"), encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
base = os.path.join(top, "tests/inputs/overrides")
good = sorted(glob.glob(os.path.join(base, "valid/*.json")))
bad = sorted(glob.glob(os.path.join(base, "invalid/*.json")))
fail = 0
for p in good:
    errs = list(v.iter_errors(json.load(open(p, encoding="utf-8"))))
    for e in errs[:5]:
        print(f"{p}: {'/'.join(map(str, e.path))}: {e.message}")
    fail += bool(errs)
for p in bad:
    if v.is_valid(json.load(open(p, encoding="utf-8"))):
        print(f"{p}: accepted by the schema but invalid")
        fail += 1
if not good or not bad:
    print("no example documents found")
    fail += 1
print(f"{len(good) + len(bad) - fail} passed, {fail} failed")
sys.exit(1 if fail else 0)
