-- Feedback after a session (issue 14): one per party (the resident side, the technician), rating 1-5 and an optional
-- comment; erasure of the home nulls the comment.
CREATE TABLE session_feedback (
    id          uuid PRIMARY KEY,
    session_id  uuid        NOT NULL REFERENCES support_sessions (id),
    template_id uuid        NOT NULL REFERENCES session_templates (id),
    party       text        NOT NULL CHECK (party IN ('resident', 'technician')),
    author      text        NOT NULL,
    rating      integer     NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment     text        CHECK (char_length(comment) <= 1000),
    created_at  timestamptz NOT NULL,
    UNIQUE (session_id, party)
);
CREATE INDEX session_feedback_template ON session_feedback (template_id, created_at DESC);
