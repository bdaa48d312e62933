package io.tandem.app.web.importing;

import java.util.List;
import java.util.UUID;

/**
 * What an import did: counts of what it created, the items it left alone because their id exists already
 * (which makes a repeated import a no-op), and the items it refused, each with the field at fault.
 */
record ImportResponse(Imported imported, List<Skipped> skipped, List<ItemError> errors) {

    /** How many items this request created. */
    record Imported(int tasks, int categories) {
    }

    /** An item whose id is already in use in the workspace; nothing was changed for it. */
    record Skipped(UUID id, String entityType, String reason) {
    }

    /**
     * A refused item: {@code index} in its array ({@code tasks} or {@code categories}), its id when it had a
     * readable one, the field at fault (null when not one field) and why.
     */
    record ItemError(int index, String entityType, UUID id, String field, String message) {
    }
}
