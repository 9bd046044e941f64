#!/usr/bin/env python3
"""Propose cross-article clusters from the per-article gold files; a person reviews them.

Persons: same name (or alias) AND a shared organisation in their gold titles.
Organisations: a shared name, alias or acronym. Events: same type and date AND
shared organisers or the same location. The proposals were read against the
articles (see corpora/xdoc_gold.json "notes") before being checked in.

usage: scripts/build_xdoc_gold.py GOLD_DIR [GOLD_DIR...] > corpora/xdoc_gold.json
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from reportminer.registry import generic_name, key, specific_alias  # noqa: E402


def clusters(items, same):
    """Connected components of `items` under the pairwise predicate `same` (articles differ)."""
    parent = list(range(len(items)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i][0] != items[j][0] and same(items[i][1], items[j][1]):
                parent[find(i)] = find(j)
    groups = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(i)
    return [sorted(g) for g in groups.values() if len({items[i][0] for i in g}) > 1]


def main(dirs):
    golds = []
    for d in dirs:
        for p in sorted(Path(d).glob("*.json")):
            golds.append(json.loads(p.read_text(encoding="utf-8")))
    # a body named without its place ("Hội đồng nhân dân tỉnh") cannot be matched across articles
    orgs = [(g["id"], o) for g in golds for o in g["organizations"] if not generic_name(key(o["name"]))]
    okeys = lambda o: {key(o["name"])} | {key(a) for a in o.get("aliases") or []
                                          if specific_alias(key(a), key(o["name"]))} | (
        {key(o["acronym"])} if o.get("acronym") else set())
    oc = clusters(orgs, lambda a, b: bool(okeys(a) & okeys(b)))
    org_cluster = {}
    for n, g in enumerate(oc):
        for i in g:
            o = orgs[i][1]
            # inside its own article every written form names the organisation
            for k in okeys(o) | {key(a) for a in o.get("aliases") or []}:
                org_cluster[(orgs[i][0], k)] = n

    def porgs(aid, p):
        return {org_cluster.get((aid, key(t["organization"])), key(t["organization"]))
                for t in p["titles"] if t.get("organization")}

    persons = [(g["id"], (g["id"], p)) for g in golds for p in g["persons"]]
    pk = lambda p: {key(p["name"])} | {key(a) for a in p.get("aliases") or []}
    pc = clusters(persons, lambda a, b: bool(pk(a[1]) & pk(b[1])) and bool(porgs(*a) & porgs(*b)))
    events = [(g["id"], (g["id"], e)) for g in golds for e in g["events"]]
    ec = clusters(events, lambda a, b: a[1]["type"] == b[1]["type"] and a[1]["date"] and a[1]["date"] == b[1]["date"]
                  and (bool({key(x) for x in a[1]["organizers"]} & {key(x) for x in b[1]["organizers"]})))
    out = {
        "persons": [[[persons[i][0], persons[i][1][1]["name"]] for i in g] for g in pc],
        "organizations": [[[orgs[i][0], orgs[i][1]["name"]] for i in g] for g in oc],
        "events": [[[events[i][0], events[i][1][1]["type"], events[i][1][1]["date"]] for i in g] for g in ec],
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
