package io.chaperone.relay;

import io.chaperone.audit.AuditWriter;
import io.chaperone.trust.device.HubAdmission;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Admits a hub by its device certificate only (docs/device-trust.md): the hub id comes from the certificate,
 * never from a header or a message. No certificate (e.g. the plain-HTTP listener) → 401; a certificate that
 * does not prove an enrolled, unrevoked hub → 403. Refuses with 503 while the audit trail is down.
 */
@ApplicationScoped
public class HubUpgradeCheck implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(HubUpgradeCheck.class);

    @Inject
    HubAdmission admission;
    @Inject
    AuditWriter audit;

    @Override
    public boolean appliesTo(String endpointId) {
        return HubEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!audit.healthy()) {
            return CheckResult.rejectUpgrade(503);
        }
        Optional<X509Certificate> certificate = admission.presented(context.httpRequest());
        if (certificate.isEmpty()) {
            return CheckResult.rejectUpgrade(401);
        }
        return admission.admit(certificate.get()).map(found -> {
            if (found.isEmpty()) {
                return CheckResult.rejectUpgradeSync(403);
            }
            // The admitted hub carries its ids: one entry per idle connection, not three.
            context.userData().put(RelayKeys.ADMITTED_HUB, found.get());
            return CheckResult.permitUpgradeSync();
        }).onFailure().recoverWithItem(failure -> {
            LOG.warnf("hub upgrade refused: %s", failure.getClass().getSimpleName());
            return CheckResult.rejectUpgradeSync(503);
        });
    }
}
