package io.tandem.api.sync;

/**
 * Told of each operation the sync log appends, after its transaction commits and never during a replay; live
 * delivery (WebSocket fan-out) implements it. Implementations must not block.
 */
public interface SyncLogListener {

    void appended(SyncOperation operation);
}
