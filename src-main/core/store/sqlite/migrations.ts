import type { Database } from './database'

export interface Migration {
  readonly version: number
  readonly description: string
  readonly sql: string
}

/**
 * Migration 9's triggers on one table: each insert, update and delete logs a change of `kind`
 * (with the row's id, for items). Part of a released migration: never change what it writes.
 */
function changeTriggers(table: string, kind: string, withItemId = false): string {
  return (['INSERT', 'UPDATE', 'DELETE'] as const)
    .map((statement) => {
      const row = statement === 'DELETE' ? 'OLD' : 'NEW'
      const [columns, values] = withItemId
        ? ['kind, item_id', `'${kind}', ${row}.id`]
        : ['kind', `'${kind}'`]
      // An item's lease renewal (migration 8) writes lease columns alone every few seconds and
      // changes nothing a reader sees; every other item write sets updated_at or state.
      const event = withItemId && statement === 'UPDATE' ? 'UPDATE OF updated_at, state' : statement
      return `CREATE TRIGGER ${table}_${statement.toLowerCase()}_feed AFTER ${event} ON ${table}
      BEGIN INSERT INTO changes (${columns}) VALUES (${values}); END;`
    })
    .join('\n')
}

/**
 * Migration 12's refresh of an item's derived query columns from `row` (NEW inside a trigger):
 * its risk and its rows in item_tags. The same rules as
 * src-shared/domain/item-filter.ts (flaggedScenes, riskOf, itemLabels). JSON that does not parse
 * reads as empty, so a hand-edited row never makes a write fail. Part of a released migration:
 * never change what it writes.
 */
function refreshFindings(row: string): string {
  const results = `CASE WHEN json_valid(${row}.results) THEN ${row}.results ELSE '[]' END`
  const feedback = `CASE WHEN json_valid(${row}.feedback) THEN ${row}.feedback END`
  // Read through the whole document, so an element that is not an object yields NULLs.
  const field = (doc: string, alias: string, name: string) =>
    `json_extract(${doc}, ${alias}.fullkey || '.${name}')`
  const flagged = `
    SELECT ${field(results, 'r', 'scene')} AS scene, ${field(results, 'r', 'rate')} AS rate
      FROM json_each(${results}) AS r
      WHERE ${field(results, 'r', 'suggestion')} <> 'pass'
        AND NOT EXISTS (SELECT 1 FROM json_each(${feedback}, '$.corrections') AS c
          WHERE ${field(feedback, 'c', 'scene')} = ${field(results, 'r', 'scene')})
    UNION ALL
    SELECT ${field(feedback, 'c', 'scene')}, 100 FROM json_each(${feedback}, '$.corrections') AS c
      WHERE ${field(feedback, 'c', 'suggestion')} = 'block'`
  return `
    UPDATE items SET risk = (SELECT MAX(rate) FROM (${flagged}))
      WHERE id = ${row}.id;
    DELETE FROM item_tags WHERE item_id = ${row}.id;
    INSERT OR IGNORE INTO item_tags (kind, value, item_id)
      SELECT 'scene', scene, ${row}.id FROM (${flagged}) WHERE scene IS NOT NULL;
    INSERT OR IGNORE INTO item_tags (kind, value, item_id)
      SELECT 'label', ${field(results, 'r', 'label')}, ${row}.id FROM json_each(${results}) AS r
      WHERE ${field(results, 'r', 'label')} NOT IN ('', 'normal');`
}

/**
 * Versioned, append-only. Never edit a released migration: add the next one. The applied
 * version lives in `PRAGMA user_version`, so it travels with the file.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'items and settings',
    sql: `
      CREATE TABLE items (
        id                 INTEGER PRIMARY KEY,
        source_kind        TEXT    NOT NULL CHECK (source_kind IN ('file', 'url', 'bytes')),
        source             TEXT    NOT NULL,
        sha256             TEXT,
        engine             TEXT    NOT NULL,
        scenes             TEXT    NOT NULL,
        biz_type           TEXT,
        state              TEXT    NOT NULL,
        suggestion         TEXT,
        results            TEXT    NOT NULL DEFAULT '[]',
        unsupported_scenes TEXT    NOT NULL DEFAULT '[]',
        error              TEXT,
        note               TEXT,
        data_id            TEXT,
        task_id            TEXT,
        created_at         INTEGER NOT NULL,
        updated_at         INTEGER NOT NULL,
        scanned_at         INTEGER
      );
      CREATE INDEX items_by_state   ON items (state);
      CREATE INDEX items_by_created ON items (created_at DESC, id DESC);
      CREATE INDEX items_by_sha256  ON items (sha256);
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'credential profiles (no secrets: those live in the OS keychain)',
    sql: `
      CREATE TABLE profiles (
        name          TEXT    PRIMARY KEY,
        region        TEXT    NOT NULL,
        endpoint      TEXT,
        access_key_id TEXT    NOT NULL,
        active        INTEGER NOT NULL DEFAULT 0,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX profiles_one_active ON profiles (active) WHERE active = 1;
    `,
  },
  {
    version: 3,
    description: 'verdict cache: one judged scene per (image hash, engine, scene, bizType)',
    // biz_type '' stands for "none" so the primary key treats it as a value (NULLs never match).
    // result NULL records that the engine cannot judge the scene: also known, also not re-asked.
    sql: `
      CREATE TABLE verdicts (
        sha256     TEXT    NOT NULL,
        engine     TEXT    NOT NULL,
        scene      TEXT    NOT NULL,
        biz_type   TEXT    NOT NULL DEFAULT '',
        result     TEXT,
        task_id    TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (sha256, engine, scene, biz_type)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    description: 'watched folders and the per-file index that keeps each file from being rescanned',
    // engine/scenes NULL follow the settings. watch_files remembers what each watched path held
    // (size, mtime, sha256) when it was last enqueued, so a restart, a rename or a touch is not
    // rescanned; 'missing' keeps the row (and its item's history) after a delete.
    sql: `
      CREATE TABLE watch_folders (
        id             INTEGER PRIMARY KEY,
        path           TEXT    NOT NULL UNIQUE,
        enabled        INTEGER NOT NULL DEFAULT 1,
        recursive      INTEGER NOT NULL DEFAULT 1,
        engine         TEXT,
        scenes         TEXT,
        scan_existing  INTEGER NOT NULL DEFAULT 1,
        sweep_ms       INTEGER,
        indexed_at     INTEGER,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL
      );
      CREATE TABLE watch_files (
        path       TEXT    PRIMARY KEY,
        folder_id  INTEGER NOT NULL REFERENCES watch_folders (id) ON DELETE CASCADE,
        size       INTEGER NOT NULL,
        mtime_ms   INTEGER NOT NULL,
        sha256     TEXT,
        state      TEXT    NOT NULL CHECK (state IN ('present', 'missing')),
        item_id    INTEGER,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX watch_files_by_sha256 ON watch_files (sha256);
      CREATE INDEX watch_files_by_folder ON watch_files (folder_id, state);
      CREATE INDEX watch_files_by_item   ON watch_files (item_id);
    `,
  },
  {
    version: 5,
    description: 'async submission (mode, submitted_at) and reviewer feedback',
    // feedback remembers corrections per image (subject = sha256, or the URL for URL items) and
    // engine, so every later scan of the same image comes back corrected; items.feedback is the
    // copy shown and exported with each item.
    sql: `
      ALTER TABLE items ADD COLUMN mode TEXT NOT NULL DEFAULT 'sync';
      ALTER TABLE items ADD COLUMN submitted_at INTEGER;
      ALTER TABLE items ADD COLUMN feedback TEXT;
      CREATE INDEX items_by_task_id ON items (task_id);
      CREATE INDEX items_by_data_id ON items (data_id);
      CREATE TABLE feedback (
        subject    TEXT    NOT NULL,
        engine     TEXT    NOT NULL,
        scene      TEXT    NOT NULL,
        suggestion TEXT    NOT NULL CHECK (suggestion IN ('pass', 'block')),
        label      TEXT,
        note       TEXT,
        sent_to    TEXT    NOT NULL CHECK (sent_to IN ('green', 'local')),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (subject, engine, scene)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    description: 'the URL Green judged, for feedback',
    // Green's feedback needs the image URL to add it to the feedback library (docs/green-api.md §7);
    // for a local file that is the oss:// copy it was uploaded to, known only at scan time.
    sql: `ALTER TABLE items ADD COLUMN sent_url TEXT;`,
  },
  {
    version: 7,
    description: 'items by source, newest last: which item of a source is current',
    // An export shows each source's newest item (a rerun, a retry or an edit supersedes the older
    // one); this index makes "is there a newer item of this source?" a seek, not a scan.
    sql: `CREATE INDEX items_by_source ON items (source, id);`,
  },
  {
    version: 8,
    description: 'leases: which process holds an item in flight, and until when',
    // Crash recovery by lease, not by folder lock (docs/architecture.md §4, "Leases"): an item in
    // a running state belongs to lease_owner until lease_until (epoch ms); after that, or when the
    // owner is NULL, any process takes it back. The index serves that reclaim query.
    sql: `
      ALTER TABLE items ADD COLUMN lease_owner TEXT;
      ALTER TABLE items ADD COLUMN lease_until INTEGER;
      CREATE INDEX items_by_lease ON items (state, lease_until);
    `,
  },
  {
    version: 9,
    description: 'the change feed: every change to items, settings, profiles and watched folders',
    // Several processes share one folder, and each must show what the others did, so a change is
    // recorded by the database itself, whoever wrote it (docs/architecture.md §3). `origin` is
    // filled by each connection's own temporary trigger (store/sqlite/change-feed.ts), so a process can
    // tell its own changes from the others'. Only the last 10,000 rows are kept: every 500th row
    // prunes what is older, and a reader that fell further behind catches up by updated_at.
    sql: `
      CREATE TABLE changes (
        seq     INTEGER PRIMARY KEY AUTOINCREMENT,
        kind    TEXT    NOT NULL CHECK (kind IN ('items', 'settings', 'credentials', 'watch')),
        item_id INTEGER,
        origin  TEXT,
        at      INTEGER NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER))
      );
      CREATE TRIGGER changes_prune AFTER INSERT ON changes WHEN NEW.seq % 500 = 0
      BEGIN DELETE FROM changes WHERE seq <= NEW.seq - 10000; END;
      ${changeTriggers('items', 'items', true)}
      ${changeTriggers('settings', 'settings')}
      ${changeTriggers('profiles', 'credentials')}
      ${changeTriggers('watch_folders', 'watch')}
    `,
  },
  {
    version: 10,
    description: 'notes as codes with params',
    // Hosts word notes in the user's language (docs/architecture.md §3), so a note is stored as
    // JSON {code, params}. The sentences Greenlight wrote become their codes; any other text
    // (pre-flight's figures among them) is kept word for word as a legacy note.
    sql: `
      UPDATE items SET note = json_object('code', 'cache-reused', 'params', json_object())
        WHERE note = 'Verdict reused from an earlier scan of the same image: no new call, no charge.';
      UPDATE items SET note = json_object('code', 'same-as-submitted', 'params', json_object())
        WHERE note = 'Same image as one already submitted: waits for that verdict (one charge).';
      UPDATE items
        SET note = json_object('code', 'same-as-item', 'params',
          json_object('item', substr(note, 20, instr(note, ':') - 20)))
        WHERE note GLOB 'Same image as item [0-9]*: its verdict was reused (one call, one charge).';
      UPDATE items SET note = json_object('code', 'legacy', 'params', json_object('text', note))
        WHERE note IS NOT NULL
          AND CASE WHEN json_valid(note) THEN json_type(note, '$.code') IS NOT 'text' ELSE 1 END;
    `,
  },
  {
    version: 11,
    description: 'the decision outbox: reviewer decisions held for a grace period, then sent once',
    // A decision is stored and applied first, sent to Green only after its grace period, so it can
    // be undone (docs/architecture.md §4, "Decisions and the outbox"). Sending is claimed by lease
    // like an item (migration 8). decision_images keeps, per image, the scenes decided, what each
    // was before (to restore on undo) and whether Green was told (so a resumed send skips it).
    // feedback.decision_id says which decision wrote a correction: an undo restores only scenes a
    // later correction has not replaced. The change feed's kinds (migration 9) admit no new kind
    // without rebuilding its table; the items a decision changes reach other processes as items.
    sql: `
      CREATE TABLE decisions (
        id          INTEGER PRIMARY KEY,
        suggestion  TEXT    NOT NULL CHECK (suggestion IN ('pass', 'block')),
        label       TEXT,
        note        TEXT,
        created_at  INTEGER NOT NULL,
        due_at      INTEGER NOT NULL,
        state       TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'undone')),
        lease_owner TEXT,
        lease_until INTEGER
      );
      CREATE INDEX decisions_by_state ON decisions (state, due_at);
      CREATE TABLE decision_images (
        decision_id INTEGER NOT NULL REFERENCES decisions (id),
        subject     TEXT    NOT NULL,
        engine      TEXT    NOT NULL,
        item_ids    TEXT    NOT NULL,
        scenes      TEXT    NOT NULL,
        previous    TEXT    NOT NULL,
        sent_at     INTEGER,
        PRIMARY KEY (decision_id, subject, engine)
      ) WITHOUT ROWID;
      ALTER TABLE feedback ADD COLUMN decision_id INTEGER;
    `,
  },
  {
    version: 12,
    description: 'query columns: file name, risk, flagged scenes and labels, and their indexes',
    // The list filters, sorts and counts 100k items in the database (docs/architecture.md §6,
    // "Finding things"), so what it reads out of JSON is kept in columns and a tag table by
    // triggers, whoever writes the item: risk (the risk sort: the highest rate among flagged
    // scenes, 100 for a reviewer's block) and item_tags (flagged scenes after corrections, and
    // returned labels); touching every judged or corrected item backfills them. name (the name
    // sort) is computed from the source: what follows its last separator of either kind (rtrim
    // strips every other character). A new item, unjudged, costs no trigger work. The state index
    // gives way to state and suggestion indexes that also serve the newest-first order; the
    // verdict, engine and corrected indexes let the filter counts read an index, not the rows.
    sql: `
      ALTER TABLE items ADD COLUMN name TEXT GENERATED ALWAYS AS (substr(source,
        length(rtrim(source, replace(replace(source, '/', ''), '\\', ''))) + 1)) VIRTUAL;
      ALTER TABLE items ADD COLUMN risk REAL;
      CREATE TABLE item_tags (
        kind    TEXT    NOT NULL CHECK (kind IN ('scene', 'label')),
        value   TEXT    NOT NULL,
        item_id INTEGER NOT NULL,
        PRIMARY KEY (kind, value, item_id)
      ) WITHOUT ROWID;
      CREATE INDEX item_tags_by_item ON item_tags (item_id);
      CREATE TRIGGER items_findings_insert AFTER INSERT ON items
      WHEN NEW.results <> '[]' OR NEW.feedback IS NOT NULL
      BEGIN ${refreshFindings('NEW')} END;
      CREATE TRIGGER items_findings_update AFTER UPDATE OF results, feedback ON items
      BEGIN ${refreshFindings('NEW')} END;
      CREATE TRIGGER items_findings_delete AFTER DELETE ON items
      BEGIN DELETE FROM item_tags WHERE item_id = OLD.id; END;
      UPDATE items SET results = results, feedback = feedback
        WHERE results <> '[]' OR feedback IS NOT NULL;
      DROP INDEX items_by_state;
      CREATE INDEX items_by_state_created      ON items (state, created_at, id);
      CREATE INDEX items_by_suggestion_created ON items (suggestion, created_at, id);
      CREATE INDEX items_by_risk               ON items (risk, id);
      CREATE INDEX items_by_name               ON items (name COLLATE NOCASE, id);
      CREATE INDEX items_by_judged             ON items (COALESCE(scanned_at, created_at));
      CREATE INDEX items_by_verdict            ON items (state, suggestion);
      CREATE INDEX items_by_engine             ON items (engine);
      CREATE INDEX items_corrected             ON items (created_at, id) WHERE feedback IS NOT NULL;
    `,
  },
  {
    version: 13,
    description:
      'removing items: ids are never reused, and a watched file forgets its removed item',
    // Items can be removed (docs/architecture.md §4, "Keeping the queue clean"). SQLite gives a
    // new row the largest id plus one, so removing the newest item would hand its id to the next
    // one, and a list, a delta or an export's pinned set would take one for the other:
    // item_id_floor keeps the highest id ever removed, and inserts number from above it. A
    // watched file keeps its row (so the watcher does not add it back until it changes) but
    // no longer names the item.
    sql: `
      CREATE TABLE item_id_floor (
        one  INTEGER PRIMARY KEY CHECK (one = 1),
        high INTEGER NOT NULL
      );
      INSERT INTO item_id_floor (one, high) VALUES (1, 0);
      CREATE TRIGGER items_delete_floor AFTER DELETE ON items
      BEGIN
        UPDATE item_id_floor SET high = MAX(high, OLD.id);
        UPDATE watch_files SET item_id = NULL WHERE item_id = OLD.id;
      END;
    `,
  },
]

export async function currentVersion(db: Database): Promise<number> {
  const row = await db.get<{ user_version: number }>('PRAGMA user_version')
  return row?.user_version ?? 0
}

/**
 * Applies every migration newer than the file, all in one write transaction that reads the
 * version again once it holds the lock (BEGIN IMMEDIATE): two processes opening a fresh folder at
 * once both succeed, the second finding the schema already there. A failure keeps the old schema.
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number> {
  const latest = migrations.at(-1)?.version ?? 0
  const tooNew = (version: number) =>
    new Error(
      `This data folder was written by a newer Greenlight (schema ${String(version)}, this build knows ${String(latest)}). Update Greenlight, or point GREENLIGHT_HOME elsewhere.`,
    )
  // Checked before taking the write lock, so an up-to-date file is never written to at open.
  const seen = await currentVersion(db)
  if (seen > latest) throw tooNew(seen)
  if (seen === latest) return seen
  return db.write(async () => {
    let version = await currentVersion(db)
    if (version > latest) throw tooNew(version)
    for (const migration of migrations) {
      if (migration.version <= version) continue
      await db.exec(migration.sql)
      // PRAGMA takes no bound parameters; the value is our own integer.
      await db.exec(`PRAGMA user_version = ${String(migration.version)}`)
      version = migration.version
    }
    return version
  })
}
