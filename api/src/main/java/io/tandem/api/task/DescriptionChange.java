package io.tandem.api.task;

import java.util.UUID;

import io.tandem.api.Sensitive;

/**
 * How a {@link TaskFieldsChangedEvent} changed the description: the description revision it produced and the
 * operation as applied (the JSON text of its {@code text-unicode} tree, made on the revision before). {@code clientId}
 * and {@code seq} identify an editing client's operation; both are null for a description written whole (by PUT, a
 * pushed update or a live {@code task_update}), which the task turns into the smallest operation from the text it
 * replaced. Events stored before descriptions had revisions carry none.
 */
public record DescriptionChange(long revision, @Sensitive(scope = Sensitive.Scope.WORKSPACE) String op,
                                UUID clientId, Long seq) {
}
