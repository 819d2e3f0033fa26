package io.chaperone.audit;

import io.chaperone.audit.integrity.ChainHead;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The heads of the chains committed since the last checkpoint took them. Synchronized: the writer adds once per batch, a checkpoint takes. */
final class ChangedHeads {

    private Map<UUID, ChainHead> changed = new HashMap<>();

    synchronized void committed(List<PendingRecord> rows) {
        for (PendingRecord p : rows) {
            keepNewest(new ChainHead(p.record.chainId(), p.seq, p.hash));
        }
    }

    synchronized List<ChainHead> take() {
        List<ChainHead> heads = new ArrayList<>(changed.values());
        changed = new HashMap<>();
        return heads;
    }

    /** Heads a failed checkpoint took back; a chain that moved on since keeps its newer head. */
    synchronized void restore(Collection<ChainHead> heads) {
        heads.forEach(this::keepNewest);
    }

    private void keepNewest(ChainHead head) {
        changed.merge(head.chainId(), head, (a, b) -> a.seq() >= b.seq() ? a : b);
    }
}
