"""Goal groups: goals and measures with matching lemma keys, across regions and reports.

Keys are compared with rapidfuzz's token_set_ratio (threshold ``THRESHOLD``). All pairs
would cost O(n^2); candidates are blocked first: each goal is put in the blocks of its two
rarest lemmas (lemmas in at least two goals), and only goals sharing a block are scored,
block by block through ``process.cdist`` with a score cutoff. Groups are the connected
components (union-find) of pairs above the threshold, with similar length.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import duckdb
import pyarrow as pa
from rapidfuzz import fuzz, process

THRESHOLD = 90.0
MIN_LENGTH_RATIO = 0.6
MAX_BLOCK = 2000


def group_keys(ids: Sequence[str], keys: Sequence[str]) -> dict[str, str]:
    """goal id -> group id (the smallest goal id in its group), for groups of two or more.

    Identical keys are one candidate (archives repeat goals word for word); blocks are
    scored with cdist and only the pairs above the cutoff are walked in Python.
    """
    import numpy as np

    unique: dict[str, int] = {}
    owner = [unique.setdefault(k, len(unique)) for k in keys]
    ukeys = list(unique)
    tokens = [k.split() for k in ukeys]
    lengths = np.array([len(t) for t in tokens], dtype=float)
    df = Counter(t for toks in tokens for t in set(toks))
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, toks in enumerate(tokens):
        shared = sorted({t for t in toks if df[t] >= 2}, key=lambda t: (df[t], t))
        for t in shared[:2]:
            blocks[t].append(i)
    parent = list(range(len(ukeys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for members in blocks.values():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        subset = [ukeys[i] for i in members]
        scores = process.cdist(subset, subset, scorer=fuzz.token_set_ratio, score_cutoff=THRESHOLD, workers=1)
        idx = np.array(members)
        la, lb = np.meshgrid(lengths[idx], lengths[idx], indexing="ij")
        ok = (scores >= THRESHOLD) & (
            np.minimum(la, lb) / np.maximum(np.maximum(la, lb), 1) >= MIN_LENGTH_RATIO
        )
        for a, b in zip(*np.nonzero(np.triu(ok, k=1)), strict=True):
            ra, rb = find(members[a]), find(members[b])
            if ra != rb:
                parent[ra] = rb
    comps: dict[int, list[int]] = defaultdict(list)
    for i, u in enumerate(owner):
        comps[find(u)].append(i)
    out: dict[str, str] = {}
    for members in comps.values():
        if len(members) < 2:
            continue
        gid = min(ids[i] for i in members)
        for i in members:
            out[ids[i]] = gid
    return out


def regroup(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute goal_groups over the latest version of every document."""
    rows = con.execute(
        "SELECT g.goal_id, g.lemma_key FROM goals g JOIN documents d USING (doc_id) "
        "WHERE d.status = 'loaded' AND d.superseded_by IS NULL AND d.replaced_by IS NULL "
        "AND coalesce(g.lemma_key, '') <> '' "
        "ORDER BY g.goal_id"
    ).fetchall()
    mapping = group_keys([r[0] for r in rows], [r[1] for r in rows])
    table = pa.table(
        {"group_id": list(mapping.values()), "goal_id": list(mapping.keys())},
        schema=pa.schema([("group_id", pa.string()), ("goal_id", pa.string())]),
    )
    from ..load import transaction

    with transaction(con):
        con.execute("DELETE FROM goal_groups")
        con.register("_gg", table)
        con.execute("INSERT INTO goal_groups SELECT * FROM _gg")
        con.unregister("_gg")
    return len(set(mapping.values()))
