-- Ops runs of the audit verifier over the chains anchored by the newest checkpoints (docs/audit.md "Verification
-- runs (ops)", ADR 0030). One row per run; the dashboard shows the newest. Metadata only: chain ids, seqs and
-- break reasons, never row contents.
CREATE TABLE audit_verification_runs (
    id            bigserial PRIMARY KEY,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL,
    requested_by  text        NOT NULL,
    chains        integer     NOT NULL,
    records       bigint      NOT NULL,
    valid         boolean     NOT NULL,
    broken        jsonb       NOT NULL DEFAULT '[]'::jsonb
);
