package io.tandem.api.task;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.tandem.api.WorkspaceScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * One operation on a task's description, in the {@code text-unicode} format (the JSON text of its tree: skips,
 * inserts and {@code {"d": n}} deletes), made on description revision {@code revision}. The task transforms it against every
 * change applied since and applies the result as the next revision. {@code (clientId, seq)} identifies it: sent
 * again, it changes nothing and answers the revision it produced. Answers a {@link DescriptionEdit}.
 */
public record EditTaskDescriptionCommand(@TargetAggregateIdentifier UUID taskId, UUID workspaceId, long revision,
                                         String op, UUID clientId, long seq) implements WorkspaceScoped {

    /**
     * The edit's client operation id, as its event's {@code clientOperationId} shows it in history: one UUID per
     * {@code (clientId, seq)}, the same whenever it is sent.
     */
    public UUID operationId() {
        return UUID.nameUUIDFromBytes(("description-op:" + clientId + ":" + seq).getBytes(StandardCharsets.UTF_8));
    }
}
