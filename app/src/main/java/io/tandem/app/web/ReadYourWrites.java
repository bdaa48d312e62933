package io.tandem.app.web;

import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;

import io.tandem.api.sync.FindSyncedVersionQuery;
import io.tandem.api.task.FindTaskVersionQuery;
import io.tandem.api.workspace.FindWorkspaceVersionQuery;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Waits until the read models have applied the version a command produced, so the command's answer (and any
 * read after it) shows the writer its own write. Projections run asynchronously, usually within milliseconds.
 */
@Component
public class ReadYourWrites {

    private final QueryGateway queries;
    private final Duration timeout;

    ReadYourWrites(QueryGateway queries, @Value("${tandem.read-your-writes-timeout:PT10S}") Duration timeout) {
        this.queries = queries;
        this.timeout = timeout;
    }

    public void awaitTask(UUID taskId, long version) {
        await(version, () -> queries.query(new FindTaskVersionQuery(taskId), Long.class).join());
    }

    public void awaitWorkspace(UUID workspaceId, long version) {
        await(version, () -> queries.query(new FindWorkspaceVersionQuery(workspaceId), Long.class).join());
    }

    /** Waits until the sync log holds an aggregate's operations up to {@code version}. */
    public void awaitSyncLog(UUID workspaceId, UUID aggregateId, long version) {
        await(version, () -> queries.query(new FindSyncedVersionQuery(workspaceId, aggregateId), Long.class).join());
    }

    private void await(long version, LongSupplier projected) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = 1;
        while (projected.getAsLong() < version) {
            if (System.nanoTime() > deadline) {
                throw ApiException.unavailable("The change was saved but is not readable yet; read it again shortly");
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.unavailable("Interrupted while waiting for the read model");
            }
            pauseMillis = Math.min(pauseMillis * 2, 25);
        }
    }
}
