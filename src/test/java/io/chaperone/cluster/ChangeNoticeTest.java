package io.chaperone.cluster;

import io.chaperone.consent.Actor;
import io.chaperone.consent.SessionAction;
import io.chaperone.consent.SessionClosing;
import io.chaperone.identity.Role;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeNoticeTest {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000042");

    @Test
    void shouldCarryAClosingWithItsActorAndNothingElse() {
        String payload = ChangeNotice.closing(new SessionClosing(ID, SessionAction.REVOKE,
                Actor.resident("resident|with-bar", UUID.randomUUID()))).orElseThrow();

        assertThat(payload).isEqualTo("c|" + ID + "|REVOKE|RESIDENT|resident|with-bar");
        assertThat(ChangeNotice.parse(payload)).contains(new ChangeNotice.Closing(ID, SessionAction.REVOKE,
                Actor.claimed("resident|with-bar", Role.RESIDENT)));
    }

    @Test
    void shouldCarryTheGatewayAsActor() {
        String payload = ChangeNotice.closing(new SessionClosing(ID, SessionAction.EXPIRE, Actor.system())).orElseThrow();
        assertThat(ChangeNotice.parse(payload)).contains(new ChangeNotice.Closing(ID, SessionAction.EXPIRE, Actor.system()));
    }

    @Test
    void shouldParseWhatTheDatabaseSends() {
        assertThat(ChangeNotice.parse("s|" + ID + "|revoked|3")).contains(new ChangeNotice.SessionChange(ID, "revoked", 3));
        assertThat(ChangeNotice.parse("h|" + ID + "|removed")).contains(new ChangeNotice.HubChange(ID, "removed"));
        assertThat(ChangeNotice.parse("k|" + ID)).contains(new ChangeNotice.KeysChanged(ID));
        assertThat(ChangeNotice.parse("l|" + ID + "|minimal")).contains(new ChangeNotice.FeedChoice(ID, true));
        assertThat(ChangeNotice.parse("l|" + ID + "|full")).contains(new ChangeNotice.FeedChoice(ID, false));
        assertThat(ChangeNotice.parse(ChangeNotice.beat("n1", 17))).contains(new ChangeNotice.Beat("n1", 17));
    }

    @Test
    void shouldIgnoreMalformedPayloads() {
        assertThat(ChangeNotice.parse(null)).isEmpty();
        assertThat(ChangeNotice.parse("")).isEmpty();
        assertThat(ChangeNotice.parse("x|" + ID)).isEmpty();
        assertThat(ChangeNotice.parse("s|not-a-uuid|revoked|1")).isEmpty();
        assertThat(ChangeNotice.parse("s|" + ID + "|revoked")).isEmpty();
        assertThat(ChangeNotice.parse("l|" + ID + "|loud")).isEmpty();
        assertThat(ChangeNotice.parse("c|" + ID + "|NOPE|-|")).isEmpty();
        assertThat(ChangeNotice.parse("c|" + ID + "|REVOKE|ADMIN|x")).isEmpty();
    }

    @Test
    void shouldNotPublishAnOversizedSubject() {
        assertThat(ChangeNotice.closing(new SessionClosing(ID, SessionAction.END,
                Actor.technician("t".repeat(ChangeNotice.MAX_SUBJECT + 1), UUID.randomUUID())))).isEmpty();
    }
}
