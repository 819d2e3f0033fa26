-- A ticket's resolution (consent.TicketResolutions): the outcome, notes (free text of its parties, may be personal:
-- exported and erased with the home like the summary), who resolved it, when, and from which session's end.
ALTER TABLE support_tickets
    ADD COLUMN resolution_outcome   text,
    ADD COLUMN resolution_notes     text,
    ADD COLUMN resolved_at          timestamptz,
    ADD COLUMN resolved_by          text,
    ADD COLUMN resolved_session_id  uuid;
