package io.tandem.projection.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tandem.api.Sensitive;
import io.tandem.api.workspace.CategoryCreatedEvent;
import io.tandem.api.workspace.CategoryDeletedEvent;
import io.tandem.api.workspace.CategoryUpdatedEvent;
import io.tandem.api.workspace.CategoryView;
import io.tandem.api.workspace.ConflictStrategy;
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
import io.tandem.api.workspace.WorkspaceSettings;
import io.tandem.api.workspace.WorkspaceUpdatedEvent;
import io.tandem.api.workspace.WorkspaceView;
import io.tandem.projection.PostgresProjectionTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class WorkspaceProjectionTest extends PostgresProjectionTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:15:30Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);
    private static final Instant T3 = T0.plusSeconds(180);

    @Autowired
    WorkspaceProjection projection;

    @Autowired
    WorkspaceQueries queries;

    private final UUID workspaceId = UUID.randomUUID();
    private final UUID owner = UUID.randomUUID();
    private final UUID alice = UUID.randomUUID();

    @Test
    void creatingAWorkspaceMakesItsCreatorItsOwner() {
        create(workspaceId, "Home", owner, T0);

        WorkspaceView workspace = queries.handle(new FindWorkspaceQuery(workspaceId)).orElseThrow();
        assertThat(workspace).isEqualTo(new WorkspaceView(workspaceId, "Home", owner, Plan.PRO,
                new WorkspaceSettings(ConflictStrategy.MANUAL, List.of("title", "dueDate")), T0, T0, 1));
        assertThat(queries.handle(new FindWorkspaceVersionQuery(workspaceId))).isEqualTo(1L);
        assertThat(queries.handle(new FindMembershipQuery(workspaceId, owner)))
                .contains(new MemberView(owner, workspaceId, WorkspaceRole.OWNER, null, T0));
        assertThat(queries.handle(new FetchUserWorkspacesQuery(owner)))
                .containsExactly(new UserWorkspaceView(workspace, WorkspaceRole.OWNER));
    }

    @Test
    void aWorkspaceWithoutSettingsGetsTheDefaults() {
        inTransaction(() -> projection.on(new WorkspaceCreatedEvent(workspaceId, "Bare", Plan.FREE, null, owner), 0, T0));

        assertThat(queries.handle(new FindWorkspaceQuery(workspaceId)).orElseThrow().settings())
                .isEqualTo(WorkspaceSettings.defaults());
    }

    @Test
    void updatingAWorkspaceReplacesNamePlanAndSettingsAndKeepsItsCreationTime() {
        create(workspaceId, "Home", owner, T0);
        inTransaction(() -> projection.on(new WorkspaceUpdatedEvent(workspaceId, "House", Plan.ENTERPRISE,
                new WorkspaceSettings(ConflictStrategy.LAST_WRITER_WINS, List.of("tags", "title", "priority"))), 1, T1));

        assertThat(queries.handle(new FindWorkspaceQuery(workspaceId))).contains(new WorkspaceView(workspaceId, "House",
                owner, Plan.ENTERPRISE, new WorkspaceSettings(ConflictStrategy.LAST_WRITER_WINS,
                List.of("tags", "title", "priority")), T0, T1, 2));
    }

    @Test
    void anUnknownWorkspaceIsNotFoundAndHasVersionZero() {
        assertThat(queries.handle(new FindWorkspaceQuery(workspaceId))).isEmpty();
        assertThat(queries.handle(new FindWorkspaceVersionQuery(workspaceId))).isZero();
        assertThat(queries.handle(new FetchWorkspaceMembersQuery(workspaceId))).isEmpty();
    }

    @Test
    void membersJoinChangeRoleAndLeave() {
        create(workspaceId, "Home", owner, T0);
        inTransaction(() -> projection.on(new WorkspaceMemberAddedEvent(workspaceId, alice, WorkspaceRole.MEMBER, owner), 1, T1));

        assertThat(queries.handle(new FetchWorkspaceMembersQuery(workspaceId))).containsExactly(
                new MemberView(owner, workspaceId, WorkspaceRole.OWNER, null, T0),
                new MemberView(alice, workspaceId, WorkspaceRole.MEMBER, owner, T1));

        inTransaction(() -> projection.on(new WorkspaceMemberRoleChangedEvent(workspaceId, alice, WorkspaceRole.ADMIN,
                WorkspaceRole.MEMBER), 2));
        assertThat(queries.handle(new FindMembershipQuery(workspaceId, alice)).orElseThrow().role())
                .isEqualTo(WorkspaceRole.ADMIN);
        assertThat(queries.handle(new FetchUserWorkspacesQuery(alice))).extracting(UserWorkspaceView::role)
                .containsExactly(WorkspaceRole.ADMIN);

        inTransaction(() -> projection.on(new WorkspaceMemberRemovedEvent(workspaceId, alice), 3));
        assertThat(queries.handle(new FindMembershipQuery(workspaceId, alice))).isEmpty();
        assertThat(queries.handle(new FetchUserWorkspacesQuery(alice))).isEmpty();
        assertThat(queries.handle(new FetchWorkspaceMembersQuery(workspaceId))).extracting(MemberView::userId)
                .containsExactly(owner);
        assertThat(queries.handle(new FindWorkspaceVersionQuery(workspaceId))).isEqualTo(4L);
    }

    @Test
    void anEventAppliedAgainOrOlderThanTheStoredVersionChangesNothing() {
        create(workspaceId, "Home", owner, T0);
        WorkspaceUpdatedEvent rename = new WorkspaceUpdatedEvent(workspaceId, "House", Plan.PRO, WorkspaceSettings.defaults());
        inTransaction(() -> projection.on(rename, 1, T1));
        WorkspaceView afterRename = queries.handle(new FindWorkspaceQuery(workspaceId)).orElseThrow();

        inTransaction(() -> {
            projection.on(rename, 1, T2);
            projection.on(new WorkspaceUpdatedEvent(workspaceId, "Stale", Plan.FREE, WorkspaceSettings.defaults()), 1, T2);
            projection.on(new WorkspaceCreatedEvent(workspaceId, "Again", Plan.FREE, null, alice), 0, T2);
            projection.on(new WorkspaceMemberAddedEvent(workspaceId, alice, WorkspaceRole.VIEWER, owner), 0, T2);
            projection.on(new CategoryCreatedEvent(workspaceId, UUID.randomUUID(), "Late", "#000000", owner), 1, T2);
        });

        assertThat(queries.handle(new FindWorkspaceQuery(workspaceId))).contains(afterRename);
        assertThat(queries.handle(new FetchWorkspaceMembersQuery(workspaceId))).extracting(MemberView::userId)
                .containsExactly(owner);
        assertThat(queries.handle(new FetchCategoriesQuery(workspaceId))).isEmpty();
        assertThat(queries.handle(new FindWorkspaceVersionQuery(workspaceId))).isEqualTo(2L);
    }

    @Test
    void replayingTheWholeStreamTwiceGivesTheSameState() {
        UUID category = UUID.randomUUID();
        Runnable stream = () -> {
            projection.on(new WorkspaceCreatedEvent(workspaceId, "Home", Plan.FREE, null, owner), 0, T0);
            projection.on(new WorkspaceMemberAddedEvent(workspaceId, alice, WorkspaceRole.MEMBER, owner), 1, T1);
            projection.on(new CategoryCreatedEvent(workspaceId, category, "Errands", "#112233", alice), 2, T2);
            projection.on(new WorkspaceMemberRemovedEvent(workspaceId, alice), 3);
        };
        inTransaction(stream);
        List<MemberView> members = queries.handle(new FetchWorkspaceMembersQuery(workspaceId));
        List<CategoryView> categories = queries.handle(new FetchCategoriesQuery(workspaceId));

        inTransaction(stream);

        assertThat(members).extracting(MemberView::userId).containsExactly(owner);
        assertThat(categories).extracting(CategoryView::name).containsExactly("Errands");
        assertThat(queries.handle(new FetchWorkspaceMembersQuery(workspaceId))).isEqualTo(members);
        assertThat(queries.handle(new FetchCategoriesQuery(workspaceId))).isEqualTo(categories);
        assertThat(queries.handle(new FindWorkspaceVersionQuery(workspaceId))).isEqualTo(4L);
    }

    @Test
    void categoriesAreCreatedRenamedAndDeletedAndListedByNameIgnoringCase() {
        UUID work = UUID.randomUUID();
        UUID home = UUID.randomUUID();
        create(workspaceId, "Home", owner, T0);
        inTransaction(() -> {
            projection.on(new CategoryCreatedEvent(workspaceId, work, "work", "#ff0000", owner), 1, T1);
            projection.on(new CategoryCreatedEvent(workspaceId, home, "Home", "#00ff00", alice), 2, T2);
        });

        assertThat(queries.handle(new FetchCategoriesQuery(workspaceId))).containsExactly(
                new CategoryView(home, "Home", "#00ff00", workspaceId, alice, T2),
                new CategoryView(work, "work", "#ff0000", workspaceId, owner, T1));

        inTransaction(() -> projection.on(new CategoryUpdatedEvent(workspaceId, work, "Accounts", "#0000ff"), 3, T3));
        assertThat(queries.handle(new FindCategoryQuery(workspaceId, work)))
                .contains(new CategoryView(work, "Accounts", "#0000ff", workspaceId, owner, T1));
        assertThat(queries.handle(new FetchCategoriesQuery(workspaceId))).extracting(CategoryView::name)
                .containsExactly("Accounts", "Home");

        inTransaction(() -> projection.on(new CategoryDeletedEvent(workspaceId, work), 4));
        assertThat(queries.handle(new FindCategoryQuery(workspaceId, work))).isEmpty();
        assertThat(queries.handle(new FetchCategoriesQuery(workspaceId))).extracting(CategoryView::id).containsExactly(home);
        assertThat(queries.handle(new FindWorkspaceVersionQuery(workspaceId))).isEqualTo(5L);
    }

    @Test
    void aCategoryIsOnlyFoundInItsOwnWorkspace() {
        UUID other = UUID.randomUUID();
        UUID category = UUID.randomUUID();
        create(workspaceId, "Home", owner, T0);
        create(other, "Other", owner, T0);
        inTransaction(() -> projection.on(new CategoryCreatedEvent(workspaceId, category, "Errands", "#123456", owner), 1, T1));

        assertThat(queries.handle(new FindCategoryQuery(workspaceId, category))).isPresent();
        assertThat(queries.handle(new FindCategoryQuery(other, category))).isEmpty();
        assertThat(queries.handle(new FetchCategoriesQuery(other))).isEmpty();
    }

    @Test
    void aDeletedWorkspaceDisappearsWithItsMembersAndCategoriesButKeepsItsVersion() {
        UUID category = UUID.randomUUID();
        create(workspaceId, "Home", owner, T0);
        inTransaction(() -> {
            projection.on(new WorkspaceMemberAddedEvent(workspaceId, alice, WorkspaceRole.MEMBER, owner), 1, T1);
            projection.on(new CategoryCreatedEvent(workspaceId, category, "Errands", "#123456", owner), 2, T1);
            projection.on(new WorkspaceDeletedEvent(workspaceId), 3, T2);
        });

        assertThat(queries.handle(new FindWorkspaceQuery(workspaceId))).isEmpty();
        assertThat(queries.handle(new FindWorkspaceVersionQuery(workspaceId))).isEqualTo(4L);
        assertThat(queries.handle(new FindMembershipQuery(workspaceId, owner))).isEmpty();
        assertThat(queries.handle(new FetchWorkspaceMembersQuery(workspaceId))).isEmpty();
        assertThat(queries.handle(new FetchUserWorkspacesQuery(alice))).isEmpty();
        assertThat(queries.handle(new FetchCategoriesQuery(workspaceId))).isEmpty();
        assertThat(queries.handle(new FindCategoryQuery(workspaceId, category))).isEmpty();
        assertThat(jdbc.sql("SELECT name FROM workspaces WHERE id = :id").param("id", workspaceId)
                .query(String.class).single()).as("its name is erased with it").isEqualTo(Sensitive.ERASED);
    }

    @Test
    void aUsersWorkspacesAreListedByNameIgnoringCaseWithTheirRoleInEach() {
        UUID zeta = UUID.randomUUID();
        UUID alpha = UUID.randomUUID();
        UUID notHers = UUID.randomUUID();
        UUID lowerCase = UUID.randomUUID();
        create(zeta, "Zeta", alice, T0);
        create(alpha, "Alpha", owner, T0);
        create(notHers, "Beta", owner, T0);
        create(lowerCase, "beta", alice, T0);
        inTransaction(() -> projection.on(new WorkspaceMemberAddedEvent(alpha, alice, WorkspaceRole.VIEWER, owner), 1, T1));

        List<UserWorkspaceView> hers = queries.handle(new FetchUserWorkspacesQuery(alice));

        assertThat(hers).extracting(view -> view.workspace().name(), UserWorkspaceView::role).containsExactly(
                tuple("Alpha", WorkspaceRole.VIEWER),
                tuple("beta", WorkspaceRole.OWNER),
                tuple("Zeta", WorkspaceRole.OWNER));
        assertThat(hers.get(0).workspace().version()).isEqualTo(2L);
    }

    @Test
    void anEventForAWorkspaceWhoseCreationWasNeverAppliedFailsLoudly() {
        assertThatThrownBy(() -> inTransaction(() -> projection.on(
                new WorkspaceMemberAddedEvent(workspaceId, alice, WorkspaceRole.MEMBER, owner), 1, T1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(workspaceId.toString());
    }

    @Test
    void resetEmptiesTheWorkspaceTablesAndLeavesTasksAlone() {
        create(workspaceId, "Home", owner, T0);
        inTransaction(() -> projection.on(new CategoryCreatedEvent(workspaceId, UUID.randomUUID(), "Errands", "#123456", owner), 1, T1));
        insertTaskRow();

        inTransaction(projection::reset);

        assertThat(jdbc.sql("SELECT count(*) FROM workspaces").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM workspace_members").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM categories").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM tasks").query(Long.class).single()).isEqualTo(1L);
    }

    private void create(UUID id, String name, UUID ownerId, Instant at) {
        inTransaction(() -> projection.on(new WorkspaceCreatedEvent(id, name, Plan.PRO,
                new WorkspaceSettings(ConflictStrategy.MANUAL, List.of("title", "dueDate")), ownerId), 0, at));
    }

    private void insertTaskRow() {
        jdbc.sql("""
                        INSERT INTO tasks (id, workspace_id, title, completed, priority, created_by, created_at, updated_at,
                                           is_recurring, is_template, status, occurrence, version)
                        VALUES (:id, :workspaceId, 'Keep me', false, 2, :owner, now(), now(), false, false, 'todo', 1, 1)
                        """)
                .param("id", UUID.randomUUID())
                .param("workspaceId", workspaceId)
                .param("owner", owner)
                .update();
    }
}
