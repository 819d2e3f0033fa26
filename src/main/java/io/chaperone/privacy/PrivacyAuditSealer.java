package io.chaperone.privacy;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditSealer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Encrypts audit details (docs/privacy.md): a session chain under the session's key, the home's own chain
 * and its hubs' chains under the home's key. Keys come from {@link DataKeys} (cached: a batch of known
 * chains costs no I/O). A detail whose key is gone (erased home, shredded session) is not stored at all:
 * it could never be read, and storing it in clear would undo the erasure.
 */
@ApplicationScoped
public class PrivacyAuditSealer implements AuditSealer {

    private static final Logger LOG = Logger.getLogger(PrivacyAuditSealer.class);

    @Inject
    DataKeys keys;

    @Override
    public Uni<List<String>> seal(List<AuditRecord> records) {
        return keys.forSealing(DataKeys.chainsOf(records)).map(targets -> seal(records, targets));
    }

    @Override
    public Optional<List<String>> sealNow(List<AuditRecord> records) {
        return keys.cachedTargets(DataKeys.chainsOf(records)).map(targets -> seal(records, targets));
    }

    private static List<String> seal(List<AuditRecord> records, Map<UUID, DataKeys.Target> targets) {
        List<String> details = new ArrayList<>(records.size());
        for (AuditRecord record : records) {
            details.add(sealOne(record, targets.get(record.chainId())));
        }
        return details;
    }

    private static String sealOne(AuditRecord record, DataKeys.Target target) {
        if (record.detail() == null || storedInClear(record.kind())) {
            return record.detail();
        }
        if (target.key().isEmpty()) {
            LOG.debugf("Audit detail not stored: its key is gone (code=privacy.detail_dropped, kind=%s)",
                    record.kind().wireName());
            return null;
        }
        // The writer stores U+0000 as U+FFFD (PostgreSQL text); do the same inside the ciphertext.
        String detail = record.detail().indexOf('\0') < 0 ? record.detail() : record.detail().replace('\0', '\uFFFD');
        return SealedText.seal(target.ref(), target.key().get(), record.chainId(), record.kind().wireName(), detail);
    }

    /**
     * The erasure record holds counts only, and must stay readable after the key it erased is gone; a consent
     * receipt's record holds its id and hash only, which the offline verifier compares with the receipt.
     */
    static boolean storedInClear(AuditKind kind) {
        return kind == AuditKind.HOME_ERASED || kind == AuditKind.CONSENT_RECEIPT;
    }
}
