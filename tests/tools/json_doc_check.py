#!/usr/bin/env python3
"""Checks that docs/json.md names every field a command printed.

usage: json_doc_check.py DOC FILE SECTION[=PREFIX]...

FILE holds one command's --format json output. Each SECTION is the start of a `## ` heading of
DOC; the field tables in it (tables whose header's first cell is `field`) document paths such as
`clauses[].status`. A table under a `###` heading that starts with a backticked path (say
### `results[]`) documents paths below that one. With =PREFIX the section's paths are rooted at
PREFIX (`Runs=run`: the run object inside `hone show`'s output). A row whose type cell says
`free-form` documents everything below it. An array at the top of FILE is checked element-wise.
Exits 1 naming every undocumented path.
"""
import json
import re
import sys


def documented(doc_lines, section, prefix):
    paths, free = set(), set()
    inside, sub, header_seen, in_table = False, "", False, False
    for line in doc_lines:
        if line.startswith("## "):
            inside = line[3:].startswith(section)
            sub = ""
            continue
        if not inside:
            continue
        if line.startswith("###"):
            m = re.match(r"#+\s+`([^`]+)`", line)
            sub = m.group(1) if m else ""
            continue
        if not line.startswith("|"):
            in_table = False
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not in_table:
            in_table = True
            header_seen = cells[0] == "field"
            continue
        if not header_seen or set(cells[0]) <= set("-: "):
            continue
        for token in re.findall(r"`([^`]+)`", cells[0]):
            path = ".".join(p for p in (prefix, sub, token) if p)
            paths.add(path)
            if len(cells) > 1 and "free-form" in cells[1]:
                free.add(path)
    return paths, free


def emitted(value, path, out):
    if isinstance(value, dict):
        for k, v in value.items():
            p = f"{path}.{k}" if path else k
            out.add(p)
            emitted(v, p, out)
    elif isinstance(value, list):
        for v in value:
            emitted(v, f"{path}[]" if path else "", out)


def main():
    doc, file, specs = sys.argv[1], sys.argv[2], sys.argv[3:]
    lines = open(doc, encoding="utf-8").read().splitlines()
    paths, free = set(), set()
    for spec in specs:
        section, _, prefix = spec.partition("=")
        p, f = documented(lines, section, prefix)
        if not p:
            sys.exit(f"{doc}: no field table in a section '## {section}'")
        paths |= p
        free |= f
    out = set()
    emitted(json.load(open(file, encoding="utf-8")), "", out)
    # Below a free-form field f: "f.x" or, for an array of objects, "f[].x".
    def covered(p):
        if p in paths:
            return True
        return any(p.startswith(f + ".") or p.startswith(f + "[].") for f in free)
    missing = sorted(p for p in out if not covered(p))
    if missing:
        print(f"{doc} does not document these fields of {file} (sections {', '.join(specs)}):", file=sys.stderr)
        for m in missing:
            print(f"  {m}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
