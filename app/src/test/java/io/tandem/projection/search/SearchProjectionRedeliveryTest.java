package io.tandem.projection.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.tandem.api.task.Priority;
import io.tandem.api.task.TaskCompletedEvent;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskReopenedEvent;
import io.tandem.api.task.TaskStatus;
import io.tandem.api.workspace.CategoryDeletedEvent;
import io.tandem.app.deadletter.TransientFailures;
import io.tandem.app.support.IntegrationTest;
import io.tandem.projection.DeletionFacts;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A batch that fails part-way is handled again whole, and Elasticsearch keeps the documents it had already written:
 * the projection must take a creation it sees a second time as done, against the real server. A batch's creations and
 * changes are written when it commits: the creations in bulk, then the changes on the documents as written.
 */
@IntegrationTest
class SearchProjectionRedeliveryTest {

    @Autowired
    ElasticsearchClient client;

    @Autowired
    SearchIndex index;

    @Autowired
    DeletionFacts deletions;

    @Test
    void aCreationHandledTwiceIsAppliedOnceAndDoesNotStopTheProjection() throws Exception {
        SearchProjection projection = new SearchProjection(client, index, deletions);
        UUID taskId = UUID.randomUUID();
        TaskCreatedEvent created = new TaskCreatedEvent(taskId, UUID.randomUUID(), UUID.randomUUID(), "Redelivered",
                null, Priority.LOW, null, List.of(), null, null, false, null, false, null, TaskStatus.TODO, null, false,
                null, 1);
        Instant at = Instant.parse("2026-11-24T10:00:00Z");

        projection.on(created, 0, at);
        assertThatCode(() -> projection.on(created, 0, at)).doesNotThrowAnyException();

        var stored = client.get(g -> g.index(index.writeAlias()).id(taskId.toString()), TaskDocument.class);
        assertThat(stored.found()).isTrue();
        assertThat(stored.version()).as("written once").isEqualTo(1L);
    }

    @Test
    void creationsAndChangesOfABatchAreWrittenAtItsCommitTheChangesOnTheirCreations() throws Exception {
        SearchProjection projection = new SearchProjection(client, index, deletions);
        UUID workspaceId = UUID.randomUUID();
        TaskCreatedEvent first = creation(UUID.randomUUID(), workspaceId, "First of the batch");
        TaskCreatedEvent second = creation(UUID.randomUUID(), workspaceId, "Second of the batch");
        Instant at = Instant.parse("2026-11-24T10:00:00Z");

        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        try {
            projection.on(first, 0, at);
            projection.on(second, 0, at);
            // A change of a task created in the same batch is gathered too, and applied on its creation.
            projection.on(new TaskCompletedEvent(second.taskId(), workspaceId, at), 1, at);
            projection.on(creation(UUID.randomUUID(), workspaceId, "Third of the batch"), 0, at);
            assertThat(found(first.taskId())).as("gathered, not written yet").isFalse();
            assertThat(found(second.taskId())).as("gathered, not written yet").isFalse();
        } finally {
            batch.commit();
        }

        var completed = client.get(g -> g.index(index.writeAlias()).id(second.taskId().toString()), TaskDocument.class);
        assertThat(completed.source().version()).isEqualTo(2L);
        assertThat(completed.source().completedAt()).isNotNull();
        index.refresh();
        long inWorkspace = client.count(c -> c.index(index.writeAlias())
                .query(q -> q.term(t -> t.field("workspaceId").value(workspaceId.toString())))).count();
        assertThat(inWorkspace).as("the third creation was written when the batch committed").isEqualTo(3L);
    }

    @Test
    void aBatchOfChangesHandledAgainChangesNothingTwice() throws Exception {
        SearchProjection projection = new SearchProjection(client, index, deletions);
        UUID workspaceId = UUID.randomUUID();
        TaskCreatedEvent created = creation(UUID.randomUUID(), workspaceId, "Handled twice");
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        Instant reopenedAt = Instant.parse("2026-11-24T11:00:00Z");
        for (int round = 0; round < 2; round++) {
            UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            try {
                projection.on(created, 0, at);
                projection.on(new TaskCompletedEvent(created.taskId(), workspaceId, at), 1, at);
                projection.on(new TaskReopenedEvent(created.taskId(), workspaceId, TaskStatus.IN_PROGRESS), 2, reopenedAt);
            } finally {
                batch.commit();
            }
            var stored = client.get(g -> g.index(index.writeAlias()).id(created.taskId().toString()), TaskDocument.class);
            assertThat(stored.source().version()).as("round %d", round).isEqualTo(3L);
            assertThat(stored.source().completedAt()).isNull();
            assertThat(stored.source().updatedAt()).isEqualTo(reopenedAt);
            // Written once: the creation, then the one write of the batch's changes.
            assertThat(stored.version()).as("round %d", round).isEqualTo(2L);
        }
    }

    /**
     * A gathered write fails the batch outside any event's handler; handled again, the failing task's events are
     * written one by one, so that the failure is its event's own (the dead-letter queue then parks that task alone),
     * and a deletion's rewrite that wrote the batch first fails as a retry, not as its own.
     */
    @Test
    void aTaskWhoseGatheredWriteFailedIsWrittenInItsOwnHandlerWhenTheBatchComesAgain() throws Exception {
        SearchProjection projection = new SearchProjection(client, index, deletions);
        UUID workspaceId = UUID.randomUUID();
        UUID missing = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        TaskCompletedEvent completion = new TaskCompletedEvent(missing, workspaceId, at);

        UnitOfWork<?> first = DefaultUnitOfWork.startAndGet(null);
        projection.on(completion, 1, at);
        assertThatThrownBy(first::commit).hasMessageContaining("is not in the search index");

        UnitOfWork<?> again = DefaultUnitOfWork.startAndGet(null);
        try {
            assertThatThrownBy(() -> projection.on(completion, 1, at))
                    .as("fails in its own handler now")
                    .hasMessageContaining("is not in the search index")
                    .matches(failure -> !TransientFailures.isTransient(failure), "the event's own failure");
        } finally {
            again.rollback();
        }

        UUID other = UUID.randomUUID();
        TaskCompletedEvent otherCompletion = new TaskCompletedEvent(other, workspaceId, at);
        UnitOfWork<?> withDeletion = DefaultUnitOfWork.startAndGet(null);
        try {
            projection.on(otherCompletion, 1, at);
            assertThatThrownBy(() -> projection.on(new CategoryDeletedEvent(workspaceId, UUID.randomUUID())))
                    .as("the deletion's handler wrote the batch: not the deletion's failure")
                    .matches(TransientFailures::isTransient, "a retry");
        } finally {
            withDeletion.rollback();
        }
    }

    private boolean found(UUID taskId) throws Exception {
        return client.get(g -> g.index(index.writeAlias()).id(taskId.toString()), TaskDocument.class).found();
    }

    private static TaskCreatedEvent creation(UUID taskId, UUID workspaceId, String title) {
        return new TaskCreatedEvent(taskId, workspaceId, UUID.randomUUID(), title, null, Priority.LOW, null, List.of(),
                null, null, false, null, false, null, TaskStatus.TODO, null, false, null, 1);
    }
}
