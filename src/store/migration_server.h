#pragma once

// Migration 2: the multi-agency server. Agencies and their users, sessions (only token hashes),
// which agencies a case belongs to, referrals between agencies, the person's identity fields
// (ciphertext only; the key never enters the database) and the hash-chained audit log.

#include <string_view>

namespace opennrm::store {

constexpr std::string_view kServerMigration = R"sql(
CREATE TABLE agencies (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  type       TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE,
  agency_id      INTEGER NOT NULL REFERENCES agencies(id),
  role           TEXT NOT NULL,
  password_hash  TEXT NOT NULL,
  totp_secret    TEXT,
  totp_last_step INTEGER,
  locale         TEXT NOT NULL DEFAULT 'en',
  disabled       INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  csrf_token   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  revoked      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE case_agencies (
  case_id   INTEGER NOT NULL REFERENCES cases(id),
  agency_id INTEGER NOT NULL REFERENCES agencies(id),
  relation  TEXT NOT NULL CHECK (relation IN ('opened', 'referral_accepted')),
  since     TEXT NOT NULL,
  PRIMARY KEY (case_id, agency_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX case_agencies_by_agency ON case_agencies(agency_id);

CREATE TABLE referrals (
  id             INTEGER PRIMARY KEY,
  case_id        INTEGER NOT NULL REFERENCES cases(id),
  event_seq      INTEGER NOT NULL,
  from_agency_id INTEGER REFERENCES agencies(id),
  to_agency_id   INTEGER NOT NULL REFERENCES agencies(id),
  service        TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
  created_at     TEXT NOT NULL,
  responded_at   TEXT,
  responded_by   INTEGER REFERENCES users(id),
  reason         TEXT
) STRICT;

CREATE INDEX referrals_inbox ON referrals(to_agency_id, status);

CREATE TABLE identities (
  case_id     INTEGER PRIMARY KEY REFERENCES cases(id),
  fields      TEXT NOT NULL,
  blind_index TEXT
) STRICT;

CREATE INDEX identities_by_blind_index ON identities(blind_index);

CREATE TABLE audit (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  object    TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;
)sql";

}  // namespace opennrm::store
