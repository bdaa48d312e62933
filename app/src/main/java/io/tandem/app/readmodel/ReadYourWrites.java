package io.tandem.app.readmodel;

import io.tandem.app.problem.ApiException;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.function.LongSupplier;

import io.tandem.api.ProcessingGroups;
import io.tandem.api.audit.FindHistoryVersionQuery;
import io.tandem.api.sync.FindSyncedVersionQuery;
import io.tandem.api.task.FindTaskVersionQuery;
import io.tandem.api.workspace.FindWorkspaceVersionQuery;
import io.tandem.app.deadletter.DeadLetters;
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
 *
 * <p>When the projection has parked the aggregate's events ({@link DeadLetters}), the version will not show until an
 * operator retries them: the wait ends at once with {@link ReadModelParked}, which answers the write with what it
 * committed. This process's projection announces the parking; for one that runs elsewhere, each look at the read
 * model also asks the dead-letter queue.
 */
@Component
public class ReadYourWrites {


    private final QueryGateway queries;
    private final AppliedVersions applied;
    private final DeadLetters deadLetters;
    private final Duration timeout;
    private final Duration recheck;

    ReadYourWrites(QueryGateway queries, AppliedVersions applied, DeadLetters deadLetters,
                   @Value("${tandem.read-your-writes-timeout:PT10S}") Duration timeout,
                   @Value("${tandem.read-your-writes-recheck:PT0.025S}") Duration recheck) {
        this.queries = queries;
        this.applied = applied;
        this.deadLetters = deadLetters;
        this.timeout = timeout;
        this.recheck = recheck;
    }

    public void awaitTask(UUID taskId, long version) {
        await(ProcessingGroups.TASK_LIST, taskId, taskId, version, false, () -> taskVersion(taskId));
    }

    /**
     * Like {@link #awaitTask}, for a version the caller's own command has just written: its announcement is still to
     * come, so when this process announces it the wait does not read first. Not for a version found written before
     * (a repeated operation's), which is announced no more.
     */
    public void awaitWrittenTask(UUID taskId, long version) {
        await(ProcessingGroups.TASK_LIST, taskId, taskId, version, true, () -> taskVersion(taskId));
    }

    private long taskVersion(UUID taskId) {
        return queries.query(new FindTaskVersionQuery(taskId), Long.class).join();
    }

    public void awaitWorkspace(UUID workspaceId, long version) {
        awaitWorkspace(workspaceId, version, false);
    }

    /** {@link #awaitWorkspace} for a version the caller's own command has just written (see {@link #awaitWrittenTask}). */
    public void awaitWrittenWorkspace(UUID workspaceId, long version) {
        awaitWorkspace(workspaceId, version, true);
    }

    private void awaitWorkspace(UUID workspaceId, long version, boolean justWritten) {
        await(ProcessingGroups.WORKSPACES, workspaceId, workspaceId, version, justWritten,
                () -> queries.query(new FindWorkspaceVersionQuery(workspaceId), Long.class).join());
    }

    /**
     * Waits until the sync log holds an aggregate's operations up to {@code version}; {@code justWritten}: a version
     * the caller's own command has just written (see {@link #awaitWrittenTask}).
     */
    public void awaitSyncLog(UUID workspaceId, UUID aggregateId, long version, boolean justWritten) {
        // The sync log is sequenced per workspace: its segments split workspaces, not aggregates.
        await(ProcessingGroups.SYNC_LOG, workspaceId, aggregateId, version, justWritten,
                () -> queries.query(new FindSyncedVersionQuery(workspaceId, aggregateId), Long.class).join());
    }

    /** Which of these tasks the task list has parked (their writes will not show until an operator retries them). */
    public Set<UUID> parkedTasks(Collection<UUID> taskIds) {
        if (taskIds.isEmpty()) {
            return Set.of();
        }
        Set<String> parked = deadLetters.parkedAmong(ProcessingGroups.TASK_LIST,
                taskIds.stream().map(UUID::toString).toList());
        return parked.stream().map(UUID::fromString).collect(Collectors.toSet());
    }

    /**
     * Waits until the history holds an aggregate's events up to the version its read model shows, so a history read
     * after a write includes the write. The audit-log projection announces nothing; this reads it at intervals.
     */
    public void awaitHistory(UUID taskId) {
        long version = taskVersion(taskId);
        if (version > 0) {
            await(ProcessingGroups.AUDIT_LOG, taskId, taskId, version, false,
                    () -> queries.query(new FindHistoryVersionQuery(taskId), Long.class).join());
        }
    }

    /**
     * Waits for {@code version} of {@code aggregateId} in the processor's read model; {@code sequence} is what the
     * processor's sequencing policy makes of the aggregate's events, which tells the segment they are handled in.
     */
    void await(String processor, UUID sequence, UUID aggregateId, long version, boolean justWritten,
               LongSupplier projected) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // When this process runs the segment of the aggregate, its announcement is all a waiter needs; reading the read
        // model remains only a slow safety net (say the segment moves to another replica meanwhile).
        boolean announcing = applied.announces(processor, sequence.toString());
        long interval = (announcing ? recheck.multipliedBy(10) : recheck).toNanos();
        try (AppliedVersions.Watch watch = applied.watch(processor, aggregateId.toString(), version)) {
            // Announced a moment ago (the live frames of a write ask after the write's own answer has): no need to look.
            if (watch.announced()) {
                answer(watch, processor, aggregateId, version);
                return;
            }
            // A version written just now will be announced; one written earlier (a pushed operation found to be a
            // duplicate, say) is in the read model already and will never be announced again, so read that at once.
            if (justWritten && announcing && watch.await(Duration.ofNanos(Math.min(deadline - System.nanoTime(), interval)))) {
                answer(watch, processor, aggregateId, version);
                return;
            }
            while (projected.getAsLong() < version) {
                if (!announcing && deadLetters.isParked(processor, aggregateId.toString())) {
                    throw new ReadModelParked(processor, aggregateId, version);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw ApiException.unavailable("The change was saved but is not readable yet; read it again shortly");
                }
                // Announced by this process's projection after its commit: readable now, no need to look.
                if (watch.await(Duration.ofNanos(Math.min(left, interval)))) {
                    answer(watch, processor, aggregateId, version);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Interrupted while waiting for the read model");
        }
    }

    private static void answer(AppliedVersions.Watch watch, String processor, UUID aggregateId, long version) {
        if (watch.parked()) {
            throw new ReadModelParked(processor, aggregateId, version);
        }
    }
}
