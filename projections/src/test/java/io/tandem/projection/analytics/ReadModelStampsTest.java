package io.tandem.projection.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tandem.api.task.TaskCompletedEvent;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskDeletedEvent;
import io.tandem.api.workspace.CategoryCreatedEvent;
import io.tandem.api.workspace.CategoryDeletedEvent;
import io.tandem.api.workspace.CategoryUpdatedEvent;
import io.tandem.api.workspace.WorkspaceCreatedEvent;
import io.tandem.api.workspace.WorkspaceDeletedEvent;
import io.tandem.api.workspace.WorkspaceMemberAddedEvent;
import io.tandem.api.workspace.WorkspaceMemberRemovedEvent;
import io.tandem.api.workspace.WorkspaceMemberRoleChangedEvent;
import io.tandem.api.workspace.WorkspaceRole;
import io.tandem.api.workspace.WorkspaceUpdatedEvent;
import io.tandem.projection.PostgresProjectionTest;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The stamps tell a cached analytics answer whether the read models under it changed. Each group counts only the
 * events that change its read model, once per batch and workspace, through Axon's own adapter and unit of work.
 */
class ReadModelStampsTest extends PostgresProjectionTest {

    @Autowired
    ReadModelStamps.Workspaces workspaces;

    @Autowired
    ReadModelStamps.TaskList taskList;

    private final UUID workspaceId = UUID.randomUUID();
    private final UUID other = UUID.randomUUID();

    @BeforeEach
    void noStamps() {
        jdbc.sql("DELETE FROM analytics_stamps").update();
    }

    @Test
    void theWorkspacesGroupHandlesTheWorkspaceAggregatesEventsAndNoTaskEvent() {
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(workspaces);

        for (Class<?> type : List.of(WorkspaceCreatedEvent.class, WorkspaceUpdatedEvent.class,
                WorkspaceDeletedEvent.class, WorkspaceMemberAddedEvent.class, WorkspaceMemberRoleChangedEvent.class,
                WorkspaceMemberRemovedEvent.class, CategoryCreatedEvent.class, CategoryUpdatedEvent.class,
                CategoryDeletedEvent.class)) {
            assertThat(adapter.canHandleType(type)).as(type.getSimpleName()).isTrue();
        }
        // Its processor skips these without deserializing them: a task write costs the group nothing.
        for (Class<?> type : List.of(TaskCreatedEvent.class, TaskCompletedEvent.class, TaskDeletedEvent.class)) {
            assertThat(adapter.canHandleType(type)).as(type.getSimpleName()).isFalse();
        }
    }

    @Test
    void aBatchBumpsEachWorkspaceOnceByTheNumberOfItsEventsTheGroupApplies() throws Exception {
        UUID task = UUID.randomUUID();
        UUID category = UUID.randomUUID();
        List<EventMessage<?>> batch = List.of(
                event(new CategoryCreatedEvent(workspaceId, category, "Errands", "#123456", null)),
                event(new TaskCompletedEvent(task, workspaceId, Instant.now())),
                event(new WorkspaceMemberAddedEvent(workspaceId, UUID.randomUUID(), WorkspaceRole.MEMBER, null)),
                event(new CategoryDeletedEvent(other, category)));

        inTransaction(() -> handle(new AnnotationEventHandlerAdapter(workspaces), batch));

        assertThat(stamp(workspaceId, "workspaces")).isEqualTo(2);
        assertThat(stamp(other, "workspaces")).isEqualTo(1);

        inTransaction(() -> handle(new AnnotationEventHandlerAdapter(taskList), batch));

        // The task-list group still counts every event of the workspace, task events included.
        assertThat(stamp(workspaceId, "task-list")).isEqualTo(3);
        assertThat(stamp(workspaceId, "workspaces")).isEqualTo(2);
    }

    private static EventMessage<?> event(Object payload) {
        return GenericEventMessage.asEventMessage(payload);
    }

    private static void handle(AnnotationEventHandlerAdapter adapter, List<EventMessage<?>> batch) {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
        unitOfWork.executeWithResult(() -> adapter.handle(unitOfWork.getMessage()));
        if (unitOfWork.getExecutionResult().isExceptionResult()) {
            throw new IllegalStateException(unitOfWork.getExecutionResult().getExceptionResult());
        }
    }

    private long stamp(UUID workspace, String source) {
        return jdbc.sql("SELECT COALESCE(SUM(stamp), 0)::bigint FROM analytics_stamps"
                        + " WHERE workspace_id = :ws AND source = :source")
                .param("ws", workspace).param("source", source).query(Long.class).single();
    }
}
