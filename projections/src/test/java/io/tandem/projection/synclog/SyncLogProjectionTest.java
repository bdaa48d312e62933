package io.tandem.projection.synclog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tandem.api.sync.SyncLogListener;
import io.tandem.api.sync.SyncOperation;
import io.tandem.api.sync.SyncToken;
import io.tandem.api.task.Priority;
import io.tandem.api.task.TaskCompletedEvent;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskStatus;
import io.tandem.projection.PostgresProjectionTest;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The sync log tells its listeners (live delivery) about a batch's operations in the log's order. */
class SyncLogProjectionTest extends PostgresProjectionTest {

    @Autowired
    NamedParameterJdbcTemplate batches;

    @Test
    void aBatchIsToldToTheListenersInLogOrderOnceItCommits() {
        List<String> told = new CopyOnWriteArrayList<>();
        SyncLogListener listener = (SyncOperation operation) -> told.add(operation.type() + " v" + operation.version());
        SyncLogProjection projection = projection(listener);
        UUID workspaceId = UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        TaskCreatedEvent created = new TaskCreatedEvent(taskId, workspaceId, UUID.randomUUID(), "Ordered", null,
                Priority.LOW, null, List.of(), null, null, false, null, false, null, TaskStatus.TODO, null, false,
                null, 1);
        TaskCompletedEvent completed = new TaskCompletedEvent(taskId, workspaceId, at);

        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        projection.on(created, new GenericDomainEventMessage<>("Task", taskId.toString(), 0, created));
        projection.on(completed, new GenericDomainEventMessage<>("Task", taskId.toString(), 1, completed));
        assertThat(told).as("nothing before the batch commits").isEmpty();
        inTransaction(batch::commit);

        assertThat(told).containsExactly("create v1", "update v2");
    }

    @Test
    void anEventHandledAgainKeepsItsNumberAndIsToldOnce() {
        List<String> told = new CopyOnWriteArrayList<>();
        SyncLogListener listener = (SyncOperation operation) -> told.add(operation.token());
        SyncLogProjection projection = projection(listener);
        UUID workspaceId = UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        TaskCreatedEvent created = new TaskCreatedEvent(taskId, workspaceId, UUID.randomUUID(), "Twice", null,
                Priority.LOW, null, List.of(), null, null, false, null, false, null, TaskStatus.TODO, null, false,
                null, 1);
        GenericDomainEventMessage<TaskCreatedEvent> event = new GenericDomainEventMessage<>("Task", taskId.toString(), 0,
                created);
        for (int round = 0; round < 2; round++) {
            UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            projection.on(created, event);
            inTransaction(batch::commit);
        }
        assertThat(told).as("told once, after the row was written").hasSize(1);
        assertThat(jdbc.sql("SELECT seq FROM sync_log WHERE workspace_id = :ws").param("ws", workspaceId)
                .query(Long.class).list()).containsExactly(1L);
        assertThat(jdbc.sql("SELECT payload IS NOT NULL FROM sync_log WHERE workspace_id = :ws").param("ws", workspaceId)
                .query(Boolean.class).single()).as("the row keeps the event").isTrue();
    }

    @Test
    void aBatchOfManyNumbersEachWorkspacesRowsInStreamOrderAndTellsOnlyTheNewOnes() {
        List<String> told = new CopyOnWriteArrayList<>();
        SyncLogListener listener = (SyncOperation operation) -> told.add(operation.entityId() + " " + operation.token());
        SyncLogProjection projection = projection(listener);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        List<UUID> tasks = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<UUID> workspaces = List.of(first, second, first, first);
        List<GenericDomainEventMessage<TaskCreatedEvent>> events = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            TaskCreatedEvent created = new TaskCreatedEvent(tasks.get(i), workspaces.get(i), UUID.randomUUID(),
                    "Task " + i, null, Priority.LOW, null, List.of(), null, null, false, null, false, null,
                    TaskStatus.TODO, null, false, null, 1);
            events.add(new GenericDomainEventMessage<>("Task", tasks.get(i).toString(), 0, created));
        }

        // The first event alone, then all four in one batch: the first is handled again.
        UnitOfWork<?> alone = DefaultUnitOfWork.startAndGet(null);
        projection.on(events.get(0).getPayload(), events.get(0));
        inTransaction(alone::commit);
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        events.forEach(event -> projection.on(event.getPayload(), event));
        inTransaction(batch::commit);

        assertThat(numbers(first)).containsExactly(tasks.get(0) + " 1", tasks.get(2) + " 2", tasks.get(3) + " 3");
        assertThat(numbers(second)).containsExactly(tasks.get(1) + " 1");
        assertThat(told).containsExactly(
                tasks.get(0) + " " + new SyncToken(first, 1).encode(),
                tasks.get(1) + " " + new SyncToken(second, 1).encode(),
                tasks.get(2) + " " + new SyncToken(first, 2).encode(),
                tasks.get(3) + " " + new SyncToken(first, 3).encode());
    }

    private List<String> numbers(UUID workspaceId) {
        return jdbc.sql("SELECT entity_id || ' ' || seq FROM sync_log WHERE workspace_id = :ws ORDER BY seq")
                .param("ws", workspaceId).query(String.class).list();
    }

    /** The projection with one listener, as the application wires it. */
    private SyncLogProjection projection(SyncLogListener listener) {
        return new SyncLogProjection(jdbc, batches, Jackson3Serializer.builder().build(),
                new StaticListableBeanFactory(Map.of("listener", listener)).getBeanProvider(SyncLogListener.class));
    }
}
