package io.tandem.projection.synclog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tandem.api.sync.SyncLogListener;
import io.tandem.api.sync.SyncOperation;
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
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The sync log tells its listeners (live delivery) about a batch's operations in the log's order. */
class SyncLogProjectionTest extends PostgresProjectionTest {

    @Test
    void aBatchIsToldToTheListenersInLogOrderOnceItCommits() {
        List<String> told = new CopyOnWriteArrayList<>();
        SyncLogListener listener = (SyncOperation operation) -> told.add(operation.type() + " v" + operation.version());
        SyncLogProjection projection = new SyncLogProjection(jdbc, Jackson3Serializer.builder().build(),
                new StaticListableBeanFactory(Map.of("listener", listener)).getBeanProvider(SyncLogListener.class));
        UUID workspaceId = UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        TaskCreatedEvent created = new TaskCreatedEvent(taskId, workspaceId, UUID.randomUUID(), "Ordered", null,
                Priority.LOW, null, List.of(), null, null, false, null, false, null, TaskStatus.TODO, null, false,
                null, 1);
        TaskCompletedEvent completed = new TaskCompletedEvent(taskId, workspaceId, at);

        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        inTransaction(() -> {
            projection.on(created, new GenericDomainEventMessage<>("Task", taskId.toString(), 0, created));
            projection.on(completed, new GenericDomainEventMessage<>("Task", taskId.toString(), 1, completed));
        });
        assertThat(told).as("nothing before the batch commits").isEmpty();
        batch.commit();

        assertThat(told).containsExactly("create v1", "update v2");
    }

    @Test
    void anEventHandledAgainKeepsItsNumberAndIsToldOnce() {
        List<String> told = new CopyOnWriteArrayList<>();
        SyncLogListener listener = (SyncOperation operation) -> told.add(operation.token());
        SyncLogProjection projection = new SyncLogProjection(jdbc, Jackson3Serializer.builder().build(),
                new StaticListableBeanFactory(Map.of("listener", listener)).getBeanProvider(SyncLogListener.class));
        UUID workspaceId = UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        TaskCreatedEvent created = new TaskCreatedEvent(taskId, workspaceId, UUID.randomUUID(), "Twice", null,
                Priority.LOW, null, List.of(), null, null, false, null, false, null, TaskStatus.TODO, null, false,
                null, 1);
        GenericDomainEventMessage<TaskCreatedEvent> event = new GenericDomainEventMessage<>("Task", taskId.toString(), 0,
                created);
        for (int round = 0; round < 2; round++) {
            UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            inTransaction(() -> projection.on(created, event));
            batch.commit();
        }
        assertThat(told).as("told once, after the row was written").hasSize(1);
        assertThat(jdbc.sql("SELECT seq FROM sync_log WHERE workspace_id = :ws").param("ws", workspaceId)
                .query(Long.class).list()).containsExactly(1L);
        assertThat(jdbc.sql("SELECT payload IS NOT NULL FROM sync_log WHERE workspace_id = :ws").param("ws", workspaceId)
                .query(Boolean.class).single()).as("the row keeps the event").isTrue();
    }
}
