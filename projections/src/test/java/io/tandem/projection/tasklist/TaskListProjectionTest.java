package io.tandem.projection.tasklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.task.FetchRecurringTasksQuery;
import io.tandem.api.task.FetchTasksQuery;
import io.tandem.api.task.FindTaskQuery;
import io.tandem.api.task.FindTaskVersionQuery;
import io.tandem.api.task.Frequency;
import io.tandem.api.task.Priority;
import io.tandem.api.task.RecurringConfig;
import io.tandem.api.task.TaskAssignedEvent;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskCompletedEvent;
import io.tandem.api.task.TaskDeletedEvent;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskFieldsChangedEvent;
import io.tandem.api.task.TaskFilter;
import io.tandem.api.task.TaskMovedEvent;
import io.tandem.api.task.TaskReopenedEvent;
import io.tandem.api.task.TaskStatus;
import io.tandem.api.task.TaskView;
import io.tandem.api.task.Weekday;
import io.tandem.api.workspace.CategoryDeletedEvent;
import io.tandem.api.workspace.WorkspaceDeletedEvent;
import io.tandem.projection.PostgresProjectionTest;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import io.tandem.api.task.DescriptionChange;
import io.tandem.api.task.DescriptionOps;
import io.tandem.api.task.FetchDescriptionOpsQuery;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TaskListProjectionTest extends PostgresProjectionTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:15:30Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);
    private static final Instant T3 = T0.plusSeconds(180);
    private static final Instant DUE = Instant.parse("2026-12-01T09:00:00Z");

    @Autowired
    TaskListProjection projection;

    @Autowired
    TaskQueries queries;

    @Autowired
    DescriptionOpsQueries descriptionOps;

    private final UUID workspaceId = UUID.randomUUID();
    private final UUID creator = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();

    @Test
    void descriptionEditsSetTheRevisionAndKeepTheirOperationsOnceEach() {
        NewTask task = new NewTask(workspaceId, creator).description("hello");
        create(task, T0);
        UUID client = UUID.randomUUID();
        TaskChanges text = new TaskChanges(Set.of(TaskField.DESCRIPTION), null, "hello world", null, null, null, null,
                null, null, null, null, null, null, null);
        TaskFieldsChangedEvent edit = new TaskFieldsChangedEvent(task.id, workspaceId, text,
                new DescriptionChange(1, "[5,\" world\"]", client, 1L));
        MetaData byBob = MetaData.with("userId", bob.toString());
        inTransaction(() -> projection.on(edit, 1, T1, byBob));
        inTransaction(() -> projection.on(edit, 1, T1, byBob));

        assertThat(find(task).description()).isEqualTo("hello world");
        assertThat(find(task).descriptionRevision()).isEqualTo(1);
        DescriptionOps ops = descriptionOps.handle(new FetchDescriptionOpsQuery(workspaceId, task.id, 0, 500)).orElseThrow();
        assertThat(ops.revision()).isEqualTo(1);
        assertThat(ops.ops()).containsExactly(new DescriptionOps.Op(1, List.of(5, " world"), bob, client, 1L, T1));
        assertThat(descriptionOps.handle(new FetchDescriptionOpsQuery(workspaceId, task.id, 1, 500)).orElseThrow().ops())
                .isEmpty();
        assertThat(descriptionOps.handle(new FetchDescriptionOpsQuery(UUID.randomUUID(), task.id, 0, 500))).isEmpty();
    }

    @Test
    void aCreatedTaskShowsEveryFieldOfItsEvent() {
        UUID category = UUID.randomUUID();
        UUID parent = UUID.randomUUID();
        RecurringConfig weekly = new RecurringConfig(Frequency.WEEKLY, 2, List.of(Weekday.MON, Weekday.FRI),
                Instant.parse("2027-06-30T00:00:00Z"), 10);
        NewTask task = new NewTask(workspaceId, creator).title("Water plants").description("The ferns too")
                .priority(Priority.HIGH).category(category).tags("home", "garden", "weekly").assignedTo(bob).due(DUE)
                .recurring(weekly).template().parent(parent, 3).status(TaskStatus.IN_PROGRESS).position(4);
        create(task, T0);

        assertThat(queries.handle(new FindTaskQuery(workspaceId, task.id))).contains(new TaskView(task.id, workspaceId,
                "Water plants", "The ferns too", 0, false, Priority.HIGH, category, List.of("home", "garden", "weekly"), bob,
                creator, DUE, null, T0, T0, true, weekly, true, parent, TaskStatus.IN_PROGRESS, 4, 1));
        assertThat(queries.handle(new FindTaskVersionQuery(task.id))).isEqualTo(1L);
        assertThat(jdbc.sql("SELECT occurrence FROM tasks WHERE id = :id").param("id", task.id).query(Integer.class).single())
                .isEqualTo(3);
    }

    @Test
    void aTaskCreatedDoneIsCompletedAtTheGivenTime() {
        NewTask task = new NewTask(workspaceId, creator).done(T0.minusSeconds(5));
        create(task, T0);

        TaskView view = find(task);
        assertThat(view.completed()).isTrue();
        assertThat(view.status()).isEqualTo(TaskStatus.DONE);
        assertThat(view.completedAt()).isEqualTo(T0.minusSeconds(5));
    }

    @Test
    void aTaskIsOnlyFoundInItsOwnWorkspace() {
        NewTask task = new NewTask(workspaceId, creator);
        create(task, T0);

        assertThat(queries.handle(new FindTaskQuery(UUID.randomUUID(), task.id))).isEmpty();
        assertThat(queries.handle(new FindTaskVersionQuery(UUID.randomUUID()))).isZero();
    }

    @Test
    void changingFieldsChangesExactlyTheNamedOnes() {
        NewTask task = new NewTask(workspaceId, creator).title("Old").description("Keep me").tags("a", "b").due(DUE)
                .assignedTo(bob);
        create(task, T0);
        TaskView before = find(task);

        // The title is named with a new value, the due date is named with null (cleared), and the
        // description component carries a value that must be ignored because it is not named.
        changeFields(task, 1, T1, new TaskChanges(EnumSet.of(TaskField.TITLE, TaskField.DUE_DATE, TaskField.TAGS),
                "New", "Ignored", null, null, List.of("z", "a", "m"), null, null, null, null, null, null, null, null));

        assertThat(find(task)).isEqualTo(new TaskView(task.id, workspaceId, "New", "Keep me", 0, false, Priority.MEDIUM, null,
                List.of("z", "a", "m"), bob, creator, null, null, T0, T1, false, null, false, null, TaskStatus.TODO, null, 2));
        assertThat(before.tags()).containsExactly("a", "b");
    }

    @Test
    void everyChangeableFieldCanBeChanged() {
        NewTask task = new NewTask(workspaceId, creator);
        create(task, T0);
        UUID category = UUID.randomUUID();
        RecurringConfig monthly = new RecurringConfig(Frequency.MONTHLY, 1, List.of(), null, 5);

        changeFields(task, 1, T1, new TaskChanges(EnumSet.allOf(TaskField.class), "T", "D", Priority.LOW, category,
                List.of("x"), bob, DUE, true, monthly, true, TaskStatus.IN_PROGRESS, 7, false));

        assertThat(find(task)).isEqualTo(new TaskView(task.id, workspaceId, "T", "D", 0, false, Priority.LOW, category,
                List.of("x"), bob, creator, DUE, null, T0, T1, true, monthly, true, null, TaskStatus.IN_PROGRESS, 7, 2));

        changeFields(task, 2, T2, new TaskChanges(Set.of(TaskField.RECURRING_CONFIG, TaskField.IS_RECURRING,
                TaskField.CATEGORY_ID, TaskField.POSITION, TaskField.ASSIGNED_TO), null, null, null, null, null, null, null,
                false, null, null, null, null, null));
        TaskView cleared = find(task);
        assertThat(cleared.recurringConfig()).isNull();
        assertThat(cleared.isRecurring()).isFalse();
        assertThat(cleared.categoryId()).isNull();
        assertThat(cleared.position()).isNull();
        assertThat(cleared.assignedTo()).isNull();
        assertThat(cleared.isTemplate()).isTrue();
        assertThat(cleared.version()).isEqualTo(3);
    }

    @Test
    void changingStatusAloneKeepsCompletedInStepAndTheOtherWayRound() {
        NewTask task = new NewTask(workspaceId, creator);
        create(task, T0);

        changeFields(task, 1, T1, onlyStatus(TaskStatus.DONE));
        TaskView done = find(task);
        assertThat(done.completed()).isTrue();
        assertThat(done.completedAt()).isEqualTo(T1);

        changeFields(task, 2, T2, new TaskChanges(Set.of(TaskField.COMPLETED), null, null, null, null, null, null, null,
                null, null, null, null, null, false));
        TaskView reopened = find(task);
        assertThat(reopened.status()).isEqualTo(TaskStatus.TODO);
        assertThat(reopened.completed()).isFalse();
        assertThat(reopened.completedAt()).isNull();

        changeFields(task, 3, T3, new TaskChanges(Set.of(TaskField.COMPLETED), null, null, null, null, null, null, null,
                null, null, null, null, null, true));
        assertThat(find(task).status()).isEqualTo(TaskStatus.DONE);
        assertThat(find(task).completedAt()).isEqualTo(T3);
    }

    @Test
    void completingAndReopeningATask() {
        NewTask task = new NewTask(workspaceId, creator);
        create(task, T0);

        inTransaction(() -> projection.on(new TaskCompletedEvent(task.id, workspaceId, T1.minusSeconds(1)), 1, T1));
        TaskView completed = find(task);
        assertThat(completed.completed()).isTrue();
        assertThat(completed.status()).isEqualTo(TaskStatus.DONE);
        assertThat(completed.completedAt()).isEqualTo(T1.minusSeconds(1));
        assertThat(completed.updatedAt()).isEqualTo(T1);
        assertThat(completed.version()).isEqualTo(2);

        inTransaction(() -> projection.on(new TaskReopenedEvent(task.id, workspaceId, TaskStatus.IN_PROGRESS), 2, T2));
        TaskView reopened = find(task);
        assertThat(reopened.completed()).isFalse();
        assertThat(reopened.status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(reopened.completedAt()).isNull();
        assertThat(reopened.version()).isEqualTo(3);
    }

    @Test
    void movingATaskSetsItsColumnAndKeepsItsPositionWhenNoneIsGiven() {
        NewTask task = new NewTask(workspaceId, creator).position(1);
        create(task, T0);

        inTransaction(() -> projection.on(new TaskMovedEvent(task.id, workspaceId, TaskStatus.IN_PROGRESS, 5), 1, T1));
        assertThat(find(task).status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(find(task).position()).isEqualTo(5);

        inTransaction(() -> projection.on(new TaskMovedEvent(task.id, workspaceId, TaskStatus.TODO, null), 2, T2));
        assertThat(find(task).status()).isEqualTo(TaskStatus.TODO);
        assertThat(find(task).position()).isEqualTo(5);
        assertThat(find(task).updatedAt()).isEqualTo(T2);
    }

    @Test
    void movingACompletedTaskOutOfDoneReopensIt() {
        NewTask task = new NewTask(workspaceId, creator).done(T0);
        create(task, T0);

        inTransaction(() -> projection.on(new TaskMovedEvent(task.id, workspaceId, TaskStatus.TODO, 0), 1, T1));

        assertThat(find(task).completed()).isFalse();
        assertThat(find(task).completedAt()).isNull();
    }

    @Test
    void assigningAndUnassigningATask() {
        NewTask task = new NewTask(workspaceId, creator);
        create(task, T0);

        inTransaction(() -> projection.on(new TaskAssignedEvent(task.id, workspaceId, bob, null), 1, T1));
        assertThat(find(task).assignedTo()).isEqualTo(bob);

        inTransaction(() -> projection.on(new TaskAssignedEvent(task.id, workspaceId, null, bob), 2, T2));
        assertThat(find(task).assignedTo()).isNull();
        assertThat(find(task).version()).isEqualTo(3);
    }

    @Test
    void aDeletedTaskIsHiddenButKeepsItsVersion() {
        NewTask task = new NewTask(workspaceId, creator).recurring(new RecurringConfig(Frequency.DAILY, 1, null, null, null));
        create(task, T0);

        inTransaction(() -> projection.on(new TaskDeletedEvent(task.id, workspaceId), 1, T1));

        assertThat(queries.handle(new FindTaskQuery(workspaceId, task.id))).isEmpty();
        assertThat(queries.handle(new FindTaskVersionQuery(task.id))).isEqualTo(2L);
        assertThat(queries.handle(new FetchTasksQuery(workspaceId, TaskFilter.none(), List.of(), 0, 50)).total()).isZero();
        assertThat(queries.handle(new FetchRecurringTasksQuery(workspaceId))).isEmpty();
    }

    @Test
    void anEventAppliedAgainOrOlderThanTheStoredVersionChangesNothing() {
        NewTask task = new NewTask(workspaceId, creator).title("First").tags("one");
        create(task, T0);
        TaskChanges rename = new TaskChanges(Set.of(TaskField.TITLE, TaskField.TAGS), "Second", null, null, null,
                List.of("two"), null, null, null, null, null, null, null, null);
        changeFields(task, 1, T1, rename);
        TaskView afterRename = find(task);

        inTransaction(() -> {
            projection.on(new TaskFieldsChangedEvent(task.id, workspaceId, rename), 1, T2, MetaData.emptyInstance());
            projection.on(new TaskFieldsChangedEvent(task.id, workspaceId, new TaskChanges(Set.of(TaskField.TAGS), null,
                    null, null, null, List.of("stale"), null, null, null, null, null, null, null, null)), 1, T2,
                    MetaData.emptyInstance());
            projection.on(task.event(), 0, T2);
            projection.on(new TaskCompletedEvent(task.id, workspaceId, T2), 0, T2);
            projection.on(new TaskDeletedEvent(task.id, workspaceId), 1, T2);
        });

        assertThat(find(task)).isEqualTo(afterRename);
        assertThat(afterRename.title()).isEqualTo("Second");
        assertThat(afterRename.tags()).containsExactly("two");
        assertThat(queries.handle(new FindTaskVersionQuery(task.id))).isEqualTo(2L);
    }

    @Test
    void repeatedTagsAreKeptOnceInTheirFirstPlace() {
        NewTask task = new NewTask(workspaceId, creator).tags("b", "a", "b", "c", "a");
        create(task, T0);

        assertThat(find(task).tags()).containsExactly("b", "a", "c");
    }

    @Test
    void deletingACategoryLeavesItsTasksWithoutOneAndTheirVersionsAlone() {
        UUID category = UUID.randomUUID();
        UUID otherCategory = UUID.randomUUID();
        UUID otherWorkspace = UUID.randomUUID();
        NewTask inCategory = new NewTask(workspaceId, creator).category(category);
        NewTask inOtherCategory = new NewTask(workspaceId, creator).category(otherCategory);
        NewTask sameIdElsewhere = new NewTask(otherWorkspace, creator).category(category);
        create(inCategory, T0);
        create(inOtherCategory, T0);
        create(sameIdElsewhere, T0);
        TaskView before = find(inCategory);

        inTransaction(() -> projection.on(new CategoryDeletedEvent(workspaceId, category)));

        TaskView after = find(inCategory);
        assertThat(after.categoryId()).isNull();
        assertThat(after.version()).isEqualTo(before.version());
        assertThat(after.updatedAt()).isEqualTo(before.updatedAt());
        assertThat(find(inOtherCategory).categoryId()).isEqualTo(otherCategory);
        assertThat(queries.handle(new FindTaskQuery(otherWorkspace, sameIdElsewhere.id)).orElseThrow().categoryId())
                .isEqualTo(category);
    }

    @Test
    void deletingAWorkspaceHidesAndErasesItsTasksButNotOthers() {
        UUID otherWorkspace = UUID.randomUUID();
        NewTask task = new NewTask(workspaceId, creator).title("Secret plan").description("Details").tags("private");
        NewTask elsewhere = new NewTask(otherWorkspace, creator).title("Unrelated").tags("kept");
        create(task, T0);
        create(elsewhere, T0);

        inTransaction(() -> projection.on(new WorkspaceDeletedEvent(workspaceId)));

        assertThat(queries.handle(new FindTaskQuery(workspaceId, task.id))).isEmpty();
        assertThat(queries.handle(new FetchTasksQuery(workspaceId, null, null, 0, 50)).items()).isEmpty();
        assertThat(queries.handle(new FindTaskVersionQuery(task.id))).isEqualTo(1L);
        assertThat(jdbc.sql("SELECT title || coalesce(description, '') FROM tasks WHERE id = :id").param("id", task.id)
                .query(String.class).single()).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM task_tags WHERE task_id = :id").param("id", task.id)
                .query(Long.class).single()).isZero();
        assertThat(queries.handle(new FindTaskQuery(otherWorkspace, elsewhere.id)).orElseThrow().tags())
                .containsExactly("kept");
    }

    @Test
    void anEventForATaskWhoseCreationWasNeverAppliedFailsLoudly() {
        UUID unknown = UUID.randomUUID();

        assertThatThrownBy(() -> inTransaction(() -> projection.on(new TaskAssignedEvent(unknown, workspaceId, bob, null), 1, T1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(unknown.toString());
    }

    @Test
    void resetEmptiesTheTaskTablesAndLeavesWorkspacesAlone() {
        create(new NewTask(workspaceId, creator).tags("x", "y"), T0);
        jdbc.sql("""
                        INSERT INTO workspaces (id, name, owner_id, plan, conflict_strategy, created_at, updated_at, version)
                        VALUES (:id, 'Kept', :owner, 'free', 'manual', now(), now(), 1)
                        """)
                .param("id", workspaceId)
                .param("owner", creator)
                .update();

        inTransaction(projection::reset);

        assertThat(jdbc.sql("SELECT count(*) FROM tasks").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM task_tags").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM workspaces").query(Long.class).single()).isEqualTo(1L);
    }

    private void create(NewTask task, Instant at) {
        inTransaction(() -> projection.on(task.event(), 0, at));
    }

    private void changeFields(NewTask task, long sequenceNumber, Instant at, TaskChanges changes) {
        inTransaction(() -> projection.on(new TaskFieldsChangedEvent(task.id, workspaceId, changes), sequenceNumber, at,
                MetaData.emptyInstance()));
    }

    private TaskView find(NewTask task) {
        return queries.handle(new FindTaskQuery(workspaceId, task.id)).orElseThrow();
    }

    private static TaskChanges onlyStatus(TaskStatus status) {
        return new TaskChanges(Set.of(TaskField.STATUS), null, null, null, null, null, null, null, null, null, null, status,
                null, null);
    }
}
