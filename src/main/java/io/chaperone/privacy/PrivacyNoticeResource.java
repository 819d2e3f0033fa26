package io.chaperone.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chaperone.web.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v1/privacy-notice[?version=]}: the notice anyone may read before signing in. */
@Path("/api/v1/privacy-notice")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class PrivacyNoticeResource {

    @Inject
    PrivacyNotices notices;

    @GET
    public JsonNode notice(@QueryParam("version") String version) {
        if (version == null) {
            return notices.current();
        }
        return notices.version(version).orElseThrow(() -> ProblemException.notFound("privacy notice"));
    }
}
