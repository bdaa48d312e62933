package io.tandem.projection.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.task.FetchRecurringTasksQuery;
import io.tandem.api.task.FetchTasksQuery;
import io.tandem.api.task.FindTaskQuery;
import io.tandem.api.task.FindTaskVersionQuery;
import io.tandem.api.task.TaskAssignedEvent;
import io.tandem.api.task.TaskCompletedEvent;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskDeletedEvent;
import io.tandem.api.task.TaskFieldsChangedEvent;
import io.tandem.api.task.TaskMovedEvent;
import io.tandem.api.task.TaskPage;
import io.tandem.api.task.TaskReopenedEvent;
import io.tandem.api.task.TaskView;
import io.tandem.api.workspace.CategoryDeletedEvent;
import io.tandem.api.workspace.WorkspaceDeletedEvent;
import io.tandem.projection.PostgresProjectionTest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The other tests call the handlers directly; this one goes through Axon's own adapters, to show that
 * Axon finds every handler, resolves the sequence number and timestamp, and matches the response types
 * callers will ask for.
 */
class TaskListAxonWiringTest extends PostgresProjectionTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:15:30Z");
    private static final Instant T1 = T0.plusSeconds(60);

    @Autowired
    TaskListProjection projection;

    @Autowired
    TaskQueries queries;

    private final UUID workspaceId = UUID.randomUUID();
    private final UUID creator = UUID.randomUUID();

    @Test
    void axonHasAHandlerForEveryTaskEventAndTheWorkspaceEventsThatReachTasks() {
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(projection);

        for (Class<?> type : List.of(TaskCreatedEvent.class, TaskFieldsChangedEvent.class, TaskCompletedEvent.class,
                TaskReopenedEvent.class, TaskMovedEvent.class, TaskAssignedEvent.class, TaskDeletedEvent.class,
                CategoryDeletedEvent.class, WorkspaceDeletedEvent.class)) {
            assertThat(adapter.canHandleType(type)).as(type.getSimpleName()).isTrue();
        }
    }

    @Test
    void eventsDeliveredByAxonCarryTheirVersionAndTimeIntoTheReadModel() throws Exception {
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(projection);
        NewTask task = new NewTask(workspaceId, creator).tags("x");
        UUID bob = UUID.randomUUID();

        inTransaction(() -> {
            deliver(adapter, task.id, 0, task.event(), T0);
            deliver(adapter, task.id, 1, new TaskAssignedEvent(task.id, workspaceId, bob, null), T1);
        });

        SimpleQueryBus bus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(queries).subscribe(bus);
        Optional<TaskView> found = ask(bus, new FindTaskQuery(workspaceId, task.id), ResponseTypes.optionalInstanceOf(TaskView.class));
        assertThat(found).hasValueSatisfying(view -> {
            assertThat(view.version()).isEqualTo(2);
            assertThat(view.createdAt()).isEqualTo(T0);
            assertThat(view.updatedAt()).isEqualTo(T1);
            assertThat(view.assignedTo()).isEqualTo(bob);
        });
        assertThat(ask(bus, new FindTaskVersionQuery(task.id), ResponseTypes.instanceOf(Long.class))).isEqualTo(2L);
        assertThat(ask(bus, new FetchTasksQuery(workspaceId, null, null, 0, 10), ResponseTypes.instanceOf(TaskPage.class))
                .total()).isEqualTo(1);
        assertThat(ask(bus, new FetchRecurringTasksQuery(workspaceId), ResponseTypes.multipleInstancesOf(TaskView.class)))
                .isEmpty();
    }

    @Test
    void axonsResetReachesTheResetHandler() {
        NewTask task = new NewTask(workspaceId, creator);
        inTransaction(() -> projection.on(task.event(), 0, T0));

        new AnnotationEventHandlerAdapter(projection).prepareReset();

        assertThat(jdbc.sql("SELECT count(*) FROM tasks").query(Long.class).single()).isZero();
    }

    private static void deliver(AnnotationEventHandlerAdapter adapter, UUID taskId, long sequenceNumber, Object event,
                                Instant timestamp) {
        try {
            adapter.handle(new GenericDomainEventMessage<>("Task", taskId.toString(), sequenceNumber, event,
                    MetaData.emptyInstance(), UUID.randomUUID().toString(), timestamp));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <R> R ask(SimpleQueryBus bus, Object query, ResponseType<R> type) throws Exception {
        return bus.query(new GenericQueryMessage<>(query, type)).get().getPayload();
    }
}
