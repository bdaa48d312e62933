package io.tandem.api.task;

import java.util.List;

/**
 * What an {@link EditTaskDescriptionCommand} did: the description revision the operation produced, the operation
 * as applied (transformed to that revision; empty when it is no longer known for a duplicate), whether it had been
 * applied before, the task's version after it, and the operations it was transformed against (those applied after
 * the revision it was made on and before the one it produced, oldest first: what its sender had not seen). With them a
 * sender's socket gets the operations it missed and then its acknowledgement as soon as the edit is stored.
 */
public record DescriptionEdit(long revision, List<Object> op, boolean duplicate, long version,
                              List<DescriptionOps.Op> missed) {
}
