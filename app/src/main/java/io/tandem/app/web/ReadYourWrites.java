package io.tandem.app.web;

import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;

import io.tandem.api.ProcessingGroups;
import io.tandem.api.audit.FindHistoryVersionQuery;
import io.tandem.api.sync.FindSyncedVersionQuery;
import io.tandem.api.task.FindTaskVersionQuery;
import io.tandem.api.workspace.FindWorkspaceVersionQuery;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Waits until the read models have applied the version a command produced, so the command's answer (and any
 * read after it) shows the writer its own write. Projections run asynchronously, usually within milliseconds.
 *
 * <p>A version this process has announced already needs no look. Otherwise the read model is read once (a version
 * just written skips that read when this process will announce it); then the wait sleeps until this process's
 * projection announces the version ({@link AppliedVersions}). When the projection runs in another replica, no
 * announcement comes, and the read model is read every {@code tandem.read-your-writes-recheck} instead.
 */
@Component
public class ReadYourWrites {


    private final QueryGateway queries;
    private final AppliedVersions applied;
    private final Duration timeout;
    private final Duration recheck;

    ReadYourWrites(QueryGateway queries, AppliedVersions applied,
                   @Value("${tandem.read-your-writes-timeout:PT10S}") Duration timeout,
                   @Value("${tandem.read-your-writes-recheck:PT0.025S}") Duration recheck) {
        this.queries = queries;
        this.applied = applied;
        this.timeout = timeout;
        this.recheck = recheck;
    }

    public void awaitTask(UUID taskId, long version) {
        await(ProcessingGroups.TASK_LIST, taskId, version, false, () -> taskVersion(taskId));
    }

    /**
     * Like {@link #awaitTask}, for a version this request's command has just written (a creation): the read model
     * cannot show it yet, so when this process announces it the wait does not read first.
     */
    public void awaitNewTask(UUID taskId, long version) {
        await(ProcessingGroups.TASK_LIST, taskId, version, true, () -> taskVersion(taskId));
    }

    private long taskVersion(UUID taskId) {
        return queries.query(new FindTaskVersionQuery(taskId), Long.class).join();
    }

    public void awaitWorkspace(UUID workspaceId, long version) {
        await(ProcessingGroups.WORKSPACES, workspaceId, version, false,
                () -> queries.query(new FindWorkspaceVersionQuery(workspaceId), Long.class).join());
    }

    /** Waits until the sync log holds an aggregate's operations up to {@code version}. */
    public void awaitSyncLog(UUID workspaceId, UUID aggregateId, long version) {
        await(ProcessingGroups.SYNC_LOG, aggregateId, version, false,
                () -> queries.query(new FindSyncedVersionQuery(workspaceId, aggregateId), Long.class).join());
    }

    /**
     * Waits until the history holds an aggregate's events up to the version its read model shows, so a history read
     * after a write includes the write. The audit-log projection announces nothing; this reads it at intervals.
     */
    public void awaitHistory(UUID taskId) {
        long version = taskVersion(taskId);
        if (version > 0) {
            await(ProcessingGroups.AUDIT_LOG, taskId, version, false,
                    () -> queries.query(new FindHistoryVersionQuery(taskId), Long.class).join());
        }
    }

    void await(String processor, UUID aggregateId, long version, boolean justWritten, LongSupplier projected) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // When this process runs the whole projection, its announcement is all a waiter needs; reading the read
        // model remains only a slow safety net (say the segment moves to another replica meanwhile).
        boolean announcing = applied.announcesAll(processor);
        long interval = (announcing ? recheck.multipliedBy(10) : recheck).toNanos();
        try (AppliedVersions.Watch watch = applied.watch(processor, aggregateId.toString(), version)) {
            // Announced a moment ago (the live frames of a write ask after the write's own answer has): no need to look.
            if (watch.announced()) {
                return;
            }
            // A version written just now will be announced; one written earlier (a pushed operation found to be a
            // duplicate, say) is in the read model already and will never be announced again, so read that at once.
            if (justWritten && announcing && watch.await(Duration.ofNanos(Math.min(deadline - System.nanoTime(), interval)))) {
                return;
            }
            while (projected.getAsLong() < version) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw ApiException.unavailable("The change was saved but is not readable yet; read it again shortly");
                }
                // Announced by this process's projection after its commit: readable now, no need to look.
                if (watch.await(Duration.ofNanos(Math.min(left, interval)))) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Interrupted while waiting for the read model");
        }
    }
}
