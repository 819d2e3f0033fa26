package io.chaperone.privacy;

import io.chaperone.consent.Approval;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The privacy notice is public and versioned; approvals record the version the resident saw. */
@QuarkusTest
class PrivacyNoticeTest {

    @Inject
    PrivacyWorld privacy;
    @Inject
    PrivacyNotices notices;

    @Test
    void shouldServeTheCurrentNoticeWithoutAuthentication() {
        given().when().get("/api/v1/privacy-notice").then().statusCode(200)
                .body("version", equalTo(notices.currentVersion()))
                .body("effectiveDate", not(emptyOrNullString()))
                .body("collected.size()", equalTo(5))
                .body("retention", not(emptyOrNullString()))
                .body("rights", hasItem("Erase your home's personal data: DELETE /api/v1/homes/{id}/data"))
                .body("contact", not(emptyOrNullString()));
        given().when().get("/api/v1/privacy-notice?version=1999-01-01").then().statusCode(404)
                .body("code", equalTo("not_found"));
    }

    @Test
    void shouldRecordTheCurrentVersionWhenTheApprovalNamesNone() {
        var world = privacy.world();
        UUID session = privacy.requestedSession(world);

        privacy.approve(world, session, Map.of()).statusCode(200);

        assertEquals(List.of(notices.currentVersion()), noticeVersions(session));
    }

    @Test
    void shouldRecordTheVersionTheResidentSaw() {
        var world = privacy.world();
        UUID session = privacy.requestedSession(world);

        privacy.approve(world, session, Map.of("privacyNoticeVersion", notices.currentVersion())).statusCode(200);

        assertEquals(List.of(notices.currentVersion()), noticeVersions(session));
    }

    @Test
    void shouldRefuseAnUnknownVersionAndLeaveTheRequestOpen() {
        var world = privacy.world();
        UUID session = privacy.requestedSession(world);

        privacy.approve(world, session, Map.of("privacyNoticeVersion", "1999-01-01")).statusCode(422)
                .body("code", equalTo("unknown_privacy_notice"));

        assertEquals(List.of(), noticeVersions(session));
        PrivacyWorld.get(privacy.resident(world), "/api/v1/sessions/" + session).statusCode(200)
                .body("state", equalTo("requested"));
    }

    private static List<String> noticeVersions(UUID session) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                    Approval.<Approval>list("sessionId", session)
                            .map(list -> list.stream().map(a -> a.privacyNoticeVersion).toList())));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
