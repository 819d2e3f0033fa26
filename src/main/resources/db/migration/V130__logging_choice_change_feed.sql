-- The live feed's logging choice on every node (docs/cluster.md "The live feed on every node"): each node keeps the
-- homes with a minimal feed in memory (LiveFeedChoices), so a change committed anywhere is announced on the change
-- feed by the transaction that makes it, like V104 does for sessions. Ids and the choice only:
--   l|<home>|full|minimal
CREATE FUNCTION chaperone_notify_logging_choice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('chaperone_changes', 'l|' || NEW.home_id || '|' || NEW.live_feed_content);
    RETURN NULL;
END $$;

CREATE TRIGGER home_logging_choices_change_feed AFTER INSERT OR UPDATE ON home_logging_choices
    FOR EACH ROW EXECUTE FUNCTION chaperone_notify_logging_choice();
