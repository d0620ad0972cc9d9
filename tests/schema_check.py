#!/usr/bin/python3
"""schema_check.py - docs/feed.schema.json agrees with the feeds the board accepts.

Every feed the suite treats as valid (the embedded seed agenda, tests/inputs/*.json)
must validate against the schema; feeds with schema-level errors must not.
"""
import glob
import json
import os
import sys

import jsonschema

top = sys.argv[1]
schema = json.load(open(os.path.join(top, "docs/feed.schema.json"), encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)

good = [os.path.join(top, "app/seed/gmooc2020.json")] + sorted(glob.glob(os.path.join(top, "tests/inputs/*.json")))
bad = [os.path.join(top, "tests/inputs/check", n) for n in
       ("end_before_start.json", "types_ids_zones.json", "empty_object.json", "not_object.json")]
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
print(f"{len(good) + len(bad) - fail} passed, {fail} failed")
sys.exit(1 if fail else 0)
