package io.chaperone.audit.integrity;

/** One stored audit row with the hashes stored beside it. */
public record ChainRow(StoredRecord record, byte[] prevHash, byte[] hash) {

    public long seq() { return record.seq(); }
}
