/**
 * The reference backend's SQLite store. One file holds the bot's and the hub's
 * tables, so a restart keeps conversations, queue, ratings and offline messages.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

// Each entry moves the schema one version up; `PRAGMA user_version` records where a file is.
const MIGRATIONS = [
  `
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    locale TEXT,
    user_json TEXT
  );
  CREATE TABLE handoffs (
    conversation_id TEXT NOT NULL,
    request_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    queued_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    trigger TEXT NOT NULL,
    reason TEXT NOT NULL,
    customer_json TEXT NOT NULL,
    first_request TEXT,
    transcript_json TEXT NOT NULL,
    agent_id TEXT,
    agent_json TEXT,
    accepted_at INTEGER,
    closed_at INTEGER,
    closed_by TEXT,
    close_reason TEXT,
    queue_position INTEGER,
    queue_eta INTEGER,
    csat_score INTEGER,
    csat_comment TEXT,
    csat_at INTEGER,
    PRIMARY KEY (conversation_id, request_id)
  );
  CREATE INDEX handoffs_status ON handoffs (status, created_at);
  CREATE TABLE events (
    conversation_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    frame TEXT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE entries (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL,
    request_id TEXT NOT NULL,
    id TEXT NOT NULL,
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    time INTEGER NOT NULL,
    agent_json TEXT
  );
  CREATE INDEX entries_request ON entries (conversation_id, request_id, n);
  CREATE TABLE acks (
    scope TEXT NOT NULL,
    client_id TEXT NOT NULL,
    frame TEXT NOT NULL,
    PRIMARY KEY (scope, client_id)
  ) WITHOUT ROWID;
  CREATE TABLE offline_messages (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    email TEXT NOT NULL,
    name TEXT,
    message TEXT NOT NULL,
    transcript_json TEXT NOT NULL,
    time INTEGER NOT NULL
  );
  CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    title TEXT,
    last_seen INTEGER NOT NULL
  );
  CREATE TABLE bot_conversations (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    fallbacks INTEGER NOT NULL DEFAULT 0,
    greeted INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE bot_events (
    conversation_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE bot_replies (
    conversation_id TEXT NOT NULL,
    key TEXT NOT NULL,
    body TEXT,
    PRIMARY KEY (conversation_id, key)
  ) WITHOUT ROWID;
  CREATE TABLE bot_outbox (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    json TEXT NOT NULL,
    emitted_words INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX bot_outbox_conversation ON bot_outbox (conversation_id, n);
  `,
];

/**
 * Opens (and creates or upgrades) the store. `file` may be `:memory:`.
 *
 * @example
 * const db = openDatabase('examples/server/data/demo.sqlite')
 */
export function openDatabase(file) {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const version = db.pragma('user_version', { simple: true });
  if (version > MIGRATIONS.length) {
    db.close();
    throw new Error(`${file} was written by a newer version of the reference backend (schema ${version}); use another --data file.`);
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}
