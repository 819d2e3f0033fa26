-- The cluster change feed (docs/cluster.md "Revocations everywhere", ADR 0018): every committed decision that a
-- live socket or a key cache on another node must act on is announced on one channel by a trigger, so the NOTIFY
-- is part of the transaction that makes the change and is delivered if and only if it committed. Payloads carry
-- ids, states and versions only (never a secret, a name or a scope), far below the 8000-byte NOTIFY limit:
--   s|<session>|<state>|<scope version>   a session's state, scope version or end changed
--   h|<hub>|removed|killed|lifted         a hub was removed (certificate revoked), killed by ops, or its kill lifted
--   k|<home>                              a home's key, or session keys of the home, were destroyed or re-wrapped
-- The gateway itself sends c|… (a closing about to commit) and b|… (its heartbeat) on the same channel.

CREATE FUNCTION chaperone_notify_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('chaperone_changes', 's|' || NEW.id || '|' || NEW.state || '|' || NEW.scope_version);
    RETURN NULL;
END $$;

CREATE TRIGGER support_sessions_change_feed AFTER UPDATE ON support_sessions
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.scope_version IS DISTINCT FROM NEW.scope_version
                       OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
    EXECUTE FUNCTION chaperone_notify_session();

CREATE FUNCTION chaperone_notify_hub() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.removed_at IS NULL AND NEW.removed_at IS NOT NULL THEN
        PERFORM pg_notify('chaperone_changes', 'h|' || NEW.id || '|removed');
    END IF;
    IF OLD.killed_at IS NULL AND NEW.killed_at IS NOT NULL THEN
        PERFORM pg_notify('chaperone_changes', 'h|' || NEW.id || '|killed');
    ELSIF OLD.killed_at IS NOT NULL AND NEW.killed_at IS NULL THEN
        PERFORM pg_notify('chaperone_changes', 'h|' || NEW.id || '|lifted');
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER hubs_change_feed AFTER UPDATE ON hubs
    FOR EACH ROW WHEN (OLD.removed_at IS DISTINCT FROM NEW.removed_at OR OLD.killed_at IS DISTINCT FROM NEW.killed_at)
    EXECUTE FUNCTION chaperone_notify_hub();

-- Home keys: erasure (wrapped_key NULL, also as the INSERT of a destroyed key), re-keying, re-wrapping.
CREATE FUNCTION chaperone_notify_home_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('chaperone_changes', 'k|' || NEW.home_id);
    RETURN NULL;
END $$;

CREATE TRIGGER home_data_keys_change_feed_update AFTER UPDATE ON home_data_keys
    FOR EACH ROW WHEN (OLD.wrapped_key IS DISTINCT FROM NEW.wrapped_key)
    EXECUTE FUNCTION chaperone_notify_home_key();

CREATE TRIGGER home_data_keys_change_feed_insert AFTER INSERT ON home_data_keys
    FOR EACH ROW WHEN (NEW.wrapped_key IS NULL)
    EXECUTE FUNCTION chaperone_notify_home_key();

-- Session keys shredded (retention, erasure): one notice per home per statement, not one per session.
CREATE FUNCTION chaperone_notify_session_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('chaperone_changes', 'k|' || h.home_id)
       FROM (SELECT DISTINCT n.home_id FROM shredded_new n JOIN shredded_old o ON o.session_id = n.session_id
              WHERE o.wrapped_key IS NOT NULL AND n.wrapped_key IS NULL) h;
    RETURN NULL;
END $$;

CREATE TRIGGER session_keys_change_feed AFTER UPDATE ON session_keys
    REFERENCING OLD TABLE AS shredded_old NEW TABLE AS shredded_new
    FOR EACH STATEMENT EXECUTE FUNCTION chaperone_notify_session_keys();
