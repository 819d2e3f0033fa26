-- The session report (report.SessionReports, docs/report.md): one per session, regenerated (version + 1) when what
-- it says changes (a rollback, a re-check). report_json is stored verbatim; its SHA-256 is the correlation id of
-- the session's newest report.generated audit row, so an edited report no longer verifies.
CREATE TABLE session_reports (
    session_id    uuid PRIMARY KEY REFERENCES support_sessions (id) ON DELETE CASCADE,
    home_id       uuid        NOT NULL,
    version       integer     NOT NULL,
    generated_at  timestamptz NOT NULL,
    report_json   text        NOT NULL,
    sha256        text        NOT NULL
);
