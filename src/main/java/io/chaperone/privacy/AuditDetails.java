package io.chaperone.privacy;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.SecretKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Opens stored audit details for the people allowed to read them (read API, export). Never creates keys. */
@ApplicationScoped
public class AuditDetails {

    @Inject
    DataKeys keys;

    /** A stored detail with the row facts its AAD binds it to. */
    public record Stored(UUID chainId, String kind, String detail) {
    }

    public enum State {
        /** The row has no detail. */
        NONE,
        /** Readable: {@code json} holds the detail. */
        CLEAR,
        /** Its key was destroyed (erasure) or shredded (retention). */
        ERASED,
        /** The ciphertext does not open under its row's chain and kind (moved or altered). */
        UNREADABLE
    }

    public record Opened(State state, String json) {
        static final Opened NONE = new Opened(State.NONE, null);
        static final Opened ERASED = new Opened(State.ERASED, null);
        static final Opened UNREADABLE = new Opened(State.UNREADABLE, null);
    }

    /** The opened details, in the order of {@code rows}. */
    public Uni<List<Opened>> open(List<Stored> rows) {
        Set<KeyRef> refs = new HashSet<>();
        for (Stored row : rows) {
            KeyRef ref = refOf(row.detail());
            if (ref != null) {
                refs.add(ref);
            }
        }
        if (refs.isEmpty()) {
            return Uni.createFrom().item(rows.stream().map(r -> r.detail() == null ? Opened.NONE
                    : SealedText.isSealed(r.detail()) ? Opened.UNREADABLE : new Opened(State.CLEAR, r.detail())).toList());
        }
        return keys.forOpening(refs).map(found -> {
            List<Opened> opened = new ArrayList<>(rows.size());
            rows.forEach(row -> opened.add(openOne(row, found)));
            return opened;
        });
    }

    private static Opened openOne(Stored row, Map<KeyRef, Optional<SecretKey>> found) {
        if (row.detail() == null) {
            return Opened.NONE;
        }
        if (!SealedText.isSealed(row.detail())) {
            return new Opened(State.CLEAR, row.detail()); // stored before encryption, or clear by design
        }
        KeyRef ref = refOf(row.detail());
        if (ref == null) {
            return Opened.UNREADABLE;
        }
        Optional<SecretKey> key = found.get(ref);
        if (key == null || key.isEmpty()) {
            return Opened.ERASED;
        }
        try {
            return new Opened(State.CLEAR, SealedText.open(row.detail(), key.get(), row.chainId(), row.kind()));
        } catch (KeyUnavailableException e) {
            return Opened.UNREADABLE;
        }
    }

    private static KeyRef refOf(String detail) {
        if (!SealedText.isSealed(detail)) {
            return null;
        }
        try {
            return SealedText.keyRef(detail);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
