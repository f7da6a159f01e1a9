"""One person, one speaker across the store: merging by evidence, and the user's corrections.

Each article's speakers arrive with a key (:mod:`saidwhat.speakers.keys`). The
writer asks :func:`canonical_key` which stored speaker a key belongs to:

1. a **split** the user made for this page ("the Kennedy of this article is
   another Kennedy") sends the key to the speaker split off;
2. a **redirect** sends a key that was merged into another to that one — the
   user's merges, and the merges made by evidence below — so a merge holds for
   every article ingested later, re-ingested pages included;
3. **evidence**: a person key never seen before joins the one stored person
   with the same last name and a compatible first name ("Pat Carlineo" and
   "Patrick Carlineo", "Tim" and "Timothy Morrison",
   :func:`~saidwhat.speakers.keys.same_person`), a name read as a person in
   one article and an organisation in another, or a body's other name (its
   initials, "NFL"; the name with words left out or written as initials,
   "Fort Worth P.D."), looked up in whichever order the two were stored. When
   two stored speakers fit, nothing is merged (two people with one last name
   stay apart).

The user's corrections (``saidwhat speakers merge | split | rename``) go
through the store's one writer, are recorded in ``speaker_edits`` with who
made them and when, and are applied again whenever an article is written, so
re-ingestion keeps them. A merge records the rows it moved (schema 7), so that
:func:`undo_merge` can give the speaker back what was theirs.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from ..core.errors import StoreError
from ..speakers.keys import same_person
from .db import Database

__all__ = [
    "canonical_key",
    "merge_speakers",
    "rename_speaker",
    "speaker_edits",
    "split_speaker",
    "undo_merge",
]

_MAX_HOPS = 20  # a chain of redirects longer than this is a loop


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _exists(db: Database, key: str) -> bool:
    return bool(db.query("SELECT 1 FROM speakers WHERE key = ?", (key,)))


def _follow(db: Database, key: str) -> str:
    seen = {key}
    for _ in range(_MAX_HOPS):
        rows = db.query("SELECT target FROM speaker_redirects WHERE key = ?", (key,))
        if not rows or rows[0]["target"] in seen:
            return key
        key = str(rows[0]["target"])
        seen.add(key)
    return key


def _by_evidence(db: Database, key: str) -> str | None:
    """The one stored speaker ``key`` can be, by name (see the module docstring), or None."""
    kind, _, name = key.partition(":")
    if kind not in ("person", "organisation", "government", "unknown") or not name:
        return None
    last = name.split()[-1]
    rows = db.query(
        """SELECT key FROM speakers WHERE (key LIKE ? OR key LIKE ? OR key = ? OR key = ? OR key = ?)
        AND key <> ? LIMIT 50""",
        (
            f"person:% {last}",
            f"person:{last}",
            f"person:{name}",
            f"organisation:{name}",
            f"unknown:{name}",
            key,
        ),
    )
    if kind != "person":  # a body's other names share a word with it, or are its initials
        for pattern in _body_patterns(name):
            rows += db.query(
                """SELECT key FROM speakers WHERE (key LIKE ? OR key LIKE ? OR key LIKE ?) AND key <> ? LIMIT 50""",
                (f"organisation:{pattern}", f"government:{pattern}", f"unknown:{pattern}", key),
            )
    fits = sorted({str(r["key"]) for r in rows if same_person(key, str(r["key"]))})
    return fits[0] if len(fits) == 1 else None


_MAX_WORDS_LOOKED_UP = 4


def _body_patterns(name: str) -> list[str]:
    """LIKE patterns for the stored names a body's name can be another name of
    (:func:`~saidwhat.speakers.keys.same_body`): those holding one of its longer words (either
    way round: "fort worth pd" and "fort worth police department"), those whose words start
    with its letters ("nfl": "n% f% l%" finds "national football league"), and its initials."""
    from ..speakers.lexicon import words as speaker_words

    clean = name.replace("%", "").replace("_", "")
    parts = clean.split()
    longest = sorted(set(parts), key=len, reverse=True)[:_MAX_WORDS_LOOKED_UP]
    patterns = [f"%{w}%" for w in longest if len(w) > 1]
    if len(parts) == 1 and 2 <= len(clean) <= 8 and clean.isalpha():
        patterns.append(" ".join(f"{c}%" for c in clean))
    links = speaker_words().name_links
    if len(parts) >= 2:
        patterns.append("".join(w[0] for w in parts if w not in links))
    return patterns


def canonical_key(db: Database, key: str, doc_key: str | None) -> str:
    """The stored speaker key an article's speaker ``key`` goes to (see the module docstring)."""
    if doc_key is not None:
        rows = db.query("SELECT target FROM speaker_splits WHERE key = ? AND doc_key = ?", (key, doc_key))
        if rows:
            return _follow(db, str(rows[0]["target"]))
    key = _follow(db, key)
    if _exists(db, key):
        return key
    found = _by_evidence(db, key)
    if found is None:
        return key
    db.execute(
        """INSERT INTO speaker_redirects (key, target, origin, made_at) VALUES (?, ?, 'evidence', ?)
        ON CONFLICT (key) DO NOTHING""",
        (key, found, _now()),
    )
    return _follow(db, found)


# -- the user's corrections -----------------------------------------------------------------------------


def _speaker(db: Database, ref: str) -> tuple[int, str, str]:
    """(id, key, name) of a stored speaker given by key or by a name it was stored under."""
    from .text import normalise_name

    rows = db.query("SELECT id, key, name FROM speakers WHERE key = ?", (ref,))
    if not rows:
        rows = db.query(
            """SELECT DISTINCT sp.id, sp.key, sp.name FROM speakers sp JOIN speaker_aliases x
            ON x.speaker_id = sp.id WHERE x.alias_norm = ? ORDER BY sp.id""",
            (normalise_name(ref),),
        )
    if not rows:
        raise StoreError(f"no speaker is known as {ref!r}")
    if len(rows) > 1:
        names = "; ".join(f"{r['name']} [{r['key']}]" for r in rows[:8])
        raise StoreError(f"{ref!r} names several speakers: {names} (give one of these keys)")
    return int(rows[0]["id"]), str(rows[0]["key"]), str(rows[0]["name"])


def _record(db: Database, action: str, key: str, detail: dict[str, Any], by: str) -> int:
    return db.insert(
        "INSERT INTO speaker_edits (action, speaker_key, detail, made_by, made_at) VALUES (?, ?, ?, ?, ?)",
        (action, key, json.dumps(detail, ensure_ascii=False, sort_keys=True), by, _now()),
    )


def _where(source_id: int, articles: list[int] | None) -> tuple[str, list[Any]]:
    where, params = "speaker_id = ?", [source_id]
    if articles is not None:
        where += f" AND article_id IN ({', '.join('?' for _ in articles)})"
        params += articles
    return where, params


def _move(db: Database, source_id: int, target_id: int, articles: list[int] | None = None) -> int:
    """Give the statements, mentions and article speakers of one speaker to another."""
    where, params = _where(source_id, articles)
    moved = len(db.query(f"SELECT id FROM statements WHERE {where}", params))
    for table in ("statements", "mentions", "article_speakers"):
        db.execute(f"UPDATE {table} SET speaker_id = ? WHERE {where}", [target_id, *params])
    return moved


def _merge_rows(db: Database, s_id: int, t_id: int, s_key: str) -> list[tuple[str, str]]:
    """What a merge of ``s_id`` into ``t_id`` is about to change, as (kind, ref) rows to undo it by."""
    rows: list[tuple[str, str]] = []
    for kind, sql in (
        ("statement", "SELECT id AS ref FROM statements WHERE speaker_id = ?"),
        ("mention", "SELECT id AS ref FROM mentions WHERE speaker_id = ?"),
        (
            "article_speaker",
            "SELECT article_id || ':' || local_id AS ref FROM article_speakers WHERE speaker_id = ?",
        ),
    ):
        rows += [(kind, str(r["ref"])) for r in db.query(sql, (s_id,))]
    theirs = {
        r["alias_norm"]
        for r in db.query("SELECT alias_norm FROM speaker_aliases WHERE speaker_id = ?", (t_id,))
    }
    for r in db.query("SELECT alias_norm, alias FROM speaker_aliases WHERE speaker_id = ?", (s_id,)):
        norm = r["alias_norm"]
        rows.append(("alias", json.dumps([norm, r["alias"], norm not in theirs], ensure_ascii=False)))
    rows += [
        ("redirect", str(r["key"]))
        for r in db.query("SELECT key FROM speaker_redirects WHERE target = ?", (s_key,))
    ]
    return rows


def merge_speakers(
    db: Database, source: str, target: str, by: str = "cli", undoable: bool = True
) -> tuple[str, str, int]:
    """Merge speaker ``source`` into ``target``: (source key, target key, statements moved).

    ``undoable`` (schema 7+): record the rows the merge changes, for :func:`undo_merge`."""
    with db.transaction():
        s_id, s_key, s_name = _speaker(db, source)
        t_id, t_key, _ = _speaker(db, target)
        if s_id == t_id:
            raise StoreError(f"{source!r} and {target!r} are the same speaker ({t_key})")
        s_type = str(db.query("SELECT type FROM speakers WHERE id = ?", (s_id,))[0]["type"])
        undo = _merge_rows(db, s_id, t_id, s_key) if undoable else []
        moved = _move(db, s_id, t_id)
        db.execute(
            """INSERT INTO speaker_aliases (alias_norm, speaker_id, alias) SELECT alias_norm, ?, alias
            FROM speaker_aliases WHERE speaker_id = ? ON CONFLICT (alias_norm, speaker_id) DO NOTHING""",
            (t_id, s_id),
        )
        db.execute("DELETE FROM speaker_aliases WHERE speaker_id = ?", (s_id,))
        db.execute("DELETE FROM speakers WHERE id = ?", (s_id,))
        db.execute(
            """INSERT INTO speaker_redirects (key, target, origin, made_at) VALUES (?, ?, 'user', ?)
            ON CONFLICT (key) DO UPDATE SET target = excluded.target, origin = 'user', made_at = excluded.made_at""",
            (s_key, t_key, _now()),
        )
        db.execute("UPDATE speaker_redirects SET target = ? WHERE target = ?", (t_key, s_key))
        detail = {"from": s_key, "name": s_name, "type": s_type, "statements": moved}
        edit_id = _record(db, "merge", t_key, detail, by)
        for kind, ref in undo:
            db.execute(
                "INSERT INTO speaker_merge_rows (edit_id, kind, ref) VALUES (?, ?, ?)", (edit_id, kind, ref)
            )
    return s_key, t_key, moved


def undo_merge(db: Database, edit_id: int, by: str = "cli") -> tuple[str, str, int]:
    """Undo the merge recorded as correction ``edit_id``: the merged speaker is back with the
    statements, mentions, names and redirects the merge gave away; returns (key, merged into, moved back).

    Statements that went to the other speaker's key since (pages ingested after the merge) stay
    there: only what the merge moved is moved back."""
    with db.transaction():
        rows = db.query(
            "SELECT action, speaker_key, detail, undone_at FROM speaker_edits WHERE id = ?", (edit_id,)
        )
        if not rows or rows[0]["action"] != "merge":
            raise StoreError(f"no merge with correction id {edit_id}")
        if rows[0]["undone_at"] is not None:
            raise StoreError(f"the merge {edit_id} was undone already")
        detail = json.loads(rows[0]["detail"])
        recorded = db.query("SELECT kind, ref FROM speaker_merge_rows WHERE edit_id = ?", (edit_id,))
        if not recorded and detail.get("statements"):
            raise StoreError(f"the merge {edit_id} was made before merges could be undone")
        s_key, t_key = str(detail["from"]), _follow(db, str(rows[0]["speaker_key"]))
        if _exists(db, s_key):
            raise StoreError(f"a speaker {s_key} exists again: merge it instead")
        t_id = _speaker(db, t_key)[0]
        s_id = db.insert(
            "INSERT INTO speakers (key, name, type) VALUES (?, ?, ?)",
            (s_key, detail.get("name") or s_key, detail.get("type") or "unknown"),
        )
        moved = _move_back(db, recorded, s_id, t_id, s_key, t_key)
        db.execute("DELETE FROM speaker_redirects WHERE key = ? AND origin = 'user'", (s_key,))
        db.execute(
            "UPDATE speaker_edits SET undone_by = ?, undone_at = ? WHERE id = ?", (by, _now(), edit_id)
        )
        _record(db, "unmerge", s_key, {"merge": edit_id, "from": t_key, "statements": moved}, by)
    return s_key, t_key, moved


def _move_back(db: Database, recorded: list[Any], s_id: int, t_id: int, s_key: str, t_key: str) -> int:
    refs: dict[str, list[str]] = {}
    for row in recorded:
        refs.setdefault(row["kind"], []).append(row["ref"])
    moved = 0
    for ref in refs.get("statement", []):
        moved += db.execute(
            "UPDATE statements SET speaker_id = ? WHERE id = ? AND speaker_id = ?", (s_id, int(ref), t_id)
        )
    for ref in refs.get("mention", []):
        db.execute(
            "UPDATE mentions SET speaker_id = ? WHERE id = ? AND speaker_id = ?", (s_id, int(ref), t_id)
        )
    for ref in refs.get("article_speaker", []):
        article_id, _, local_id = ref.partition(":")
        db.execute(
            "UPDATE article_speakers SET speaker_id = ? WHERE article_id = ? AND local_id = ? AND speaker_id = ?",
            (s_id, int(article_id), local_id, t_id),
        )
    for ref in refs.get("alias", []):
        norm, alias, added = json.loads(ref)
        db.execute(
            """INSERT INTO speaker_aliases (alias_norm, speaker_id, alias) VALUES (?, ?, ?)
            ON CONFLICT (alias_norm, speaker_id) DO NOTHING""",
            (norm, s_id, alias),
        )
        if added:  # a name the merge gave the other speaker: theirs no more
            db.execute("DELETE FROM speaker_aliases WHERE alias_norm = ? AND speaker_id = ?", (norm, t_id))
    for ref in refs.get("redirect", []):
        db.execute(
            "UPDATE speaker_redirects SET target = ? WHERE key = ? AND target = ?", (s_key, ref, t_key)
        )
    return moved


def rename_speaker(db: Database, ref: str, name: str, by: str = "cli") -> str:
    """Give a speaker another display name (its key stays); returns the key."""
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise StoreError("a speaker's name must have 1 to 200 characters")
    with db.transaction():
        s_id, key, old = _speaker(db, ref)
        db.execute("UPDATE speakers SET name = ? WHERE id = ?", (name, s_id))
        _record(db, "rename", key, {"from": old, "to": name}, by)
    return key


def split_speaker(
    db: Database, ref: str, articles: list[int], name: str | None = None, by: str = "cli"
) -> tuple[str, int]:
    """Give the statements of one speaker in ``articles`` (ids) to a new speaker: (new key, moved).

    The split is kept per page (its address), so a new version of one of these pages keeps it."""
    if not articles:
        raise StoreError("give the articles whose statements belong to another speaker (--article ID)")
    with db.transaction():
        s_id, key, s_name = _speaker(db, ref)
        rows = db.query("SELECT type FROM speakers WHERE id = ?", (s_id,))
        n = 1 + len(db.query("SELECT key FROM speakers WHERE key LIKE ?", (f"{key}#%",)))
        new_key, new_name = f"{key}#{n}", name or f"{s_name} ({n})"
        db.execute(
            "INSERT INTO speakers (key, name, type) VALUES (?, ?, ?)", (new_key, new_name, rows[0]["type"])
        )
        new_id = int(db.query("SELECT id FROM speakers WHERE key = ?", (new_key,))[0]["id"])
        moved = _move(db, s_id, new_id, articles)
        if not moved:
            raise StoreError(
                f"{s_name} [{key}] has no statement in article(s) {', '.join(map(str, articles))}"
            )
        for row in db.query(
            f"SELECT DISTINCT doc_key FROM articles WHERE id IN ({', '.join('?' for _ in articles)})",
            articles,
        ):
            if (doc := row["doc_key"]) is not None:
                db.execute(
                    """INSERT INTO speaker_splits (key, doc_key, target) VALUES (?, ?, ?)
                    ON CONFLICT (key, doc_key) DO UPDATE SET target = excluded.target""",
                    (key, doc, new_key),
                )
        _record(
            db, "split", key, {"to": new_key, "name": new_name, "articles": articles, "statements": moved}, by
        )
    return new_key, moved


def speaker_edits(db: Database, undone: bool = True) -> list[dict[str, Any]]:
    """Every correction, oldest first; ``undone`` (schema 7+): with who undid it and when."""
    extra = ", undone_by, undone_at" if undone else ", NULL AS undone_by, NULL AS undone_at"
    rows = db.query(
        f"SELECT id, action, speaker_key, detail, made_by, made_at{extra} FROM speaker_edits ORDER BY id"
    )
    out = []
    for r in rows:
        edit = {
            "id": int(r["id"]),
            "action": r["action"],
            "speaker": r["speaker_key"],
            "detail": json.loads(r["detail"]),
            "by": r["made_by"],
            "at": r["made_at"],
        }
        if r["undone_at"] is not None:
            edit.update(undone_by=r["undone_by"], undone_at=r["undone_at"])
        out.append(edit)
    return out
