-- Start-by deadline (issue 17, ADR 0020): an approval must be used (first activation) before start_by.
ALTER TABLE support_sessions ADD COLUMN start_by timestamptz;
ALTER TABLE support_sessions ADD COLUMN first_activated_at timestamptz;
ALTER TABLE approvals ADD COLUMN start_by timestamptz;
