package io.tandem.api.sync;

import java.util.UUID;

/** The token just after the newest operation of a workspace (the start token when it has none). Answers String. */
public record FindLatestSyncTokenQuery(UUID workspaceId) {
}
