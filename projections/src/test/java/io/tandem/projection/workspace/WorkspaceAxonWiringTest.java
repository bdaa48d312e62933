package io.tandem.projection.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.workspace.CategoryCreatedEvent;
import io.tandem.api.workspace.CategoryDeletedEvent;
import io.tandem.api.workspace.CategoryUpdatedEvent;
import io.tandem.api.workspace.CategoryView;
import io.tandem.api.workspace.FetchCategoriesQuery;
import io.tandem.api.workspace.FetchUserWorkspacesQuery;
import io.tandem.api.workspace.FetchWorkspaceMembersQuery;
import io.tandem.api.workspace.FindCategoryQuery;
import io.tandem.api.workspace.FindMembershipQuery;
import io.tandem.api.workspace.FindWorkspaceQuery;
import io.tandem.api.workspace.FindWorkspaceVersionQuery;
import io.tandem.api.workspace.MemberView;
import io.tandem.api.workspace.Plan;
import io.tandem.api.workspace.UserWorkspaceView;
import io.tandem.api.workspace.WorkspaceCreatedEvent;
import io.tandem.api.workspace.WorkspaceDeletedEvent;
import io.tandem.api.workspace.WorkspaceMemberAddedEvent;
import io.tandem.api.workspace.WorkspaceMemberRemovedEvent;
import io.tandem.api.workspace.WorkspaceMemberRoleChangedEvent;
import io.tandem.api.workspace.WorkspaceRole;
import io.tandem.api.workspace.WorkspaceUpdatedEvent;
import io.tandem.api.workspace.WorkspaceView;
import io.tandem.projection.PostgresProjectionTest;
import java.time.Instant;
import java.util.List;
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
class WorkspaceAxonWiringTest extends PostgresProjectionTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:15:30Z");
    private static final Instant T1 = T0.plusSeconds(60);

    @Autowired
    WorkspaceProjection projection;

    @Autowired
    WorkspaceQueries queries;

    private final UUID workspaceId = UUID.randomUUID();
    private final UUID owner = UUID.randomUUID();
    private final UUID alice = UUID.randomUUID();

    @Test
    void axonHasAHandlerForEveryWorkspaceEvent() {
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(projection);

        for (Class<?> type : List.of(WorkspaceCreatedEvent.class, WorkspaceUpdatedEvent.class, WorkspaceDeletedEvent.class,
                WorkspaceMemberAddedEvent.class, WorkspaceMemberRoleChangedEvent.class, WorkspaceMemberRemovedEvent.class,
                CategoryCreatedEvent.class, CategoryUpdatedEvent.class, CategoryDeletedEvent.class)) {
            assertThat(adapter.canHandleType(type)).as(type.getSimpleName()).isTrue();
        }
    }

    @Test
    void eventsDeliveredByAxonCarryTheirVersionAndTimeIntoTheReadModel() throws Exception {
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(projection);
        UUID category = UUID.randomUUID();

        inTransaction(() -> {
            deliver(adapter, 0, new WorkspaceCreatedEvent(workspaceId, "Home", Plan.FREE, null, owner), T0);
            deliver(adapter, 1, new WorkspaceMemberAddedEvent(workspaceId, alice, WorkspaceRole.MEMBER, owner), T1);
            deliver(adapter, 2, new CategoryCreatedEvent(workspaceId, category, "Errands", "#123456", alice), T1);
        });

        SimpleQueryBus bus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(queries).subscribe(bus);
        assertThat(ask(bus, new FindWorkspaceQuery(workspaceId), ResponseTypes.optionalInstanceOf(WorkspaceView.class)))
                .hasValueSatisfying(view -> {
                    assertThat(view.version()).isEqualTo(3);
                    assertThat(view.createdAt()).isEqualTo(T0);
                });
        assertThat(ask(bus, new FindWorkspaceVersionQuery(workspaceId), ResponseTypes.instanceOf(Long.class))).isEqualTo(3L);
        assertThat(ask(bus, new FindMembershipQuery(workspaceId, alice), ResponseTypes.optionalInstanceOf(MemberView.class)))
                .hasValueSatisfying(member -> assertThat(member.joinedAt()).isEqualTo(T1));
        assertThat(ask(bus, new FetchWorkspaceMembersQuery(workspaceId), ResponseTypes.multipleInstancesOf(MemberView.class)))
                .hasSize(2);
        assertThat(ask(bus, new FetchUserWorkspacesQuery(alice), ResponseTypes.multipleInstancesOf(UserWorkspaceView.class)))
                .hasSize(1);
        assertThat(ask(bus, new FetchCategoriesQuery(workspaceId), ResponseTypes.multipleInstancesOf(CategoryView.class)))
                .extracting(CategoryView::createdAt).containsExactly(T1);
        assertThat(ask(bus, new FindCategoryQuery(workspaceId, category), ResponseTypes.optionalInstanceOf(CategoryView.class)))
                .isPresent();
    }

    @Test
    void axonsResetReachesTheResetHandler() {
        inTransaction(() -> projection.on(new WorkspaceCreatedEvent(workspaceId, "Home", Plan.FREE, null, owner), 0, T0));

        new AnnotationEventHandlerAdapter(projection).prepareReset();

        assertThat(jdbc.sql("SELECT count(*) FROM workspaces").query(Long.class).single()).isZero();
    }

    private void deliver(AnnotationEventHandlerAdapter adapter, long sequenceNumber, Object event, Instant timestamp) {
        try {
            adapter.handle(new GenericDomainEventMessage<>("Workspace", workspaceId.toString(), sequenceNumber, event,
                    MetaData.emptyInstance(), UUID.randomUUID().toString(), timestamp));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <R> R ask(SimpleQueryBus bus, Object query, ResponseType<R> type) throws Exception {
        return bus.query(new GenericQueryMessage<>(query, type)).get().getPayload();
    }
}
