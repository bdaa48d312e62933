package io.tandem.projection.tasklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.task.FetchRecurringTasksQuery;
import io.tandem.api.task.FetchTasksQuery;
import io.tandem.api.task.Frequency;
import io.tandem.api.task.Priority;
import io.tandem.api.task.RecurringConfig;
import io.tandem.api.task.TaskAssignedEvent;
import io.tandem.api.task.TaskDeletedEvent;
import io.tandem.api.task.TaskFilter;
import io.tandem.api.task.TaskPage;
import io.tandem.api.task.TaskSort;
import io.tandem.api.task.TaskSort.Field;
import io.tandem.api.task.TaskStatus;
import io.tandem.api.task.TaskView;
import io.tandem.projection.PostgresProjectionTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TaskQueriesTest extends PostgresProjectionTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:15:30Z");
    private static final Instant DEC_1 = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant DEC_5 = Instant.parse("2026-12-05T09:00:00Z");
    private static final Instant DEC_9 = Instant.parse("2026-12-09T09:00:00Z");
    private static final List<TaskSort> OLDEST_FIRST = List.of(asc(Field.CREATED_AT));

    @Autowired
    TaskListProjection projection;

    @Autowired
    TaskQueries queries;

    private final UUID workspaceId = UUID.randomUUID();
    private final UUID creator = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID alice = UUID.randomUUID();
    private final UUID errands = UUID.randomUUID();
    private final UUID work = UUID.randomUUID();
    private int created;

    private NewTask a;
    private NewTask b;
    private NewTask c;
    private NewTask d;

    private NewTask t1;
    private NewTask t2;
    private NewTask t3;
    private NewTask t4;

    /** Four live tasks that each filter splits differently, plus a deleted one and one elsewhere that match them all. */
    private void createFilterFixture() {
        a = create(task().priority(Priority.LOW).category(errands).tags("home", "urgent").assignedTo(bob).due(DEC_1));
        b = create(task().status(TaskStatus.IN_PROGRESS).priority(Priority.HIGH).category(work).tags("homework")
                .assignedTo(alice).due(DEC_5));
        c = create(task().priority(Priority.MEDIUM).done(T0));
        d = create(task().priority(Priority.HIGH).category(errands).tags("urgent", "home").assignedTo(bob).due(DEC_5));
        NewTask deleted = create(task().priority(Priority.HIGH).category(errands).tags("home", "urgent").assignedTo(bob)
                .due(DEC_5));
        inTransaction(() -> projection.on(new TaskDeletedEvent(deleted.id, workspaceId), 1, T0));
        create(new NewTask(UUID.randomUUID(), creator).priority(Priority.HIGH).category(errands).tags("home", "urgent")
                .assignedTo(bob).due(DEC_5));
    }

    @Test
    void withoutFiltersAllLiveTasksOfTheWorkspaceAreListed() {
        createFilterFixture();

        TaskPage page = queries.handle(new FetchTasksQuery(workspaceId, TaskFilter.none(), OLDEST_FIRST, 0, 50));

        assertThat(ids(page)).containsExactly(a.id, b.id, c.id, d.id);
        assertThat(page.total()).isEqualTo(4);
    }

    @Test
    void filterByStatus() {
        createFilterFixture();
        assertThat(ids(filter(new TaskFilter(TaskStatus.TODO, null, null, null, null, null, null, null))))
                .containsExactly(a.id, d.id);
        assertThat(ids(filter(new TaskFilter(TaskStatus.IN_PROGRESS, null, null, null, null, null, null, null))))
                .containsExactly(b.id);
    }

    @Test
    void filterByPriority() {
        createFilterFixture();
        assertThat(ids(filter(new TaskFilter(null, Priority.HIGH, null, null, null, null, null, null))))
                .containsExactly(b.id, d.id);
        assertThat(ids(filter(new TaskFilter(null, Priority.LOW, null, null, null, null, null, null))))
                .containsExactly(a.id);
    }

    @Test
    void filterByCompleted() {
        createFilterFixture();
        assertThat(ids(filter(new TaskFilter(null, null, true, null, null, null, null, null)))).containsExactly(c.id);
        assertThat(ids(filter(new TaskFilter(null, null, false, null, null, null, null, null))))
                .containsExactly(a.id, b.id, d.id);
    }

    @Test
    void filterByAssignee() {
        createFilterFixture();
        assertThat(ids(filter(new TaskFilter(null, null, null, bob, null, null, null, null)))).containsExactly(a.id, d.id);
    }

    @Test
    void filterByCategory() {
        createFilterFixture();
        assertThat(ids(filter(new TaskFilter(null, null, null, null, work, null, null, null)))).containsExactly(b.id);
        assertThat(ids(filter(new TaskFilter(null, null, null, null, errands, null, null, null))))
                .containsExactly(a.id, d.id);
    }

    @Test
    void filterByTagMatchesTheWholeTagOnly() {
        createFilterFixture();
        assertThat(ids(filter(new TaskFilter(null, null, null, null, null, "home", null, null)))).containsExactly(a.id, d.id);
        assertThat(ids(filter(new TaskFilter(null, null, null, null, null, "homework", null, null)))).containsExactly(b.id);
        assertThat(ids(filter(new TaskFilter(null, null, null, null, null, "hom", null, null)))).isEmpty();
    }

    @Test
    void dueBoundsAreExclusiveAndSkipTasksWithoutADueDate() {
        createFilterFixture();
        assertThat(ids(filter(new TaskFilter(null, null, null, null, null, null, DEC_5, null)))).containsExactly(a.id);
        assertThat(ids(filter(new TaskFilter(null, null, null, null, null, null, null, DEC_1)))).containsExactly(b.id, d.id);
        assertThat(ids(filter(new TaskFilter(null, null, null, null, null, null, DEC_9, DEC_1)))).containsExactly(b.id, d.id);
    }

    @Test
    void filtersCombineWithAnd() {
        createFilterFixture();
        TaskPage page = filter(new TaskFilter(TaskStatus.TODO, Priority.HIGH, false, bob, errands, "urgent", DEC_9, DEC_1));

        assertThat(ids(page)).containsExactly(d.id);
        assertThat(page.total()).isEqualTo(1);
    }

    /** Four tasks whose order differs for every sort key. */
    private void createSortFixture() {
        t1 = create(task().title("banana").due(DEC_5).position(2).priority(Priority.LOW));
        t2 = create(task().title("Apple").priority(Priority.HIGH));
        t3 = create(task().title("cherry").due(DEC_1).position(1).priority(Priority.MEDIUM));
        t4 = create(task().title("apple pie").due(DEC_9).position(0).priority(Priority.HIGH));
        inTransaction(() -> {
            projection.on(new TaskAssignedEvent(t2.id, workspaceId, bob, null), 1, T0.plusSeconds(200));
            projection.on(new TaskAssignedEvent(t1.id, workspaceId, bob, null), 1, T0.plusSeconds(100));
        });
    }

    @Test
    void sortByDueDatePutsTasksWithoutOneLastEitherWay() {
        createSortFixture();
        assertThat(ids(sorted(asc(Field.DUE_DATE)))).containsExactly(t3.id, t1.id, t4.id, t2.id);
        assertThat(ids(sorted(desc(Field.DUE_DATE)))).containsExactly(t4.id, t1.id, t3.id, t2.id);
    }

    @Test
    void sortByCreationTime() {
        createSortFixture();
        assertThat(ids(sorted(asc(Field.CREATED_AT)))).containsExactly(t1.id, t2.id, t3.id, t4.id);
        assertThat(ids(sorted(desc(Field.CREATED_AT)))).containsExactly(t4.id, t3.id, t2.id, t1.id);
    }

    @Test
    void sortByUpdateTime() {
        createSortFixture();
        assertThat(ids(sorted(asc(Field.UPDATED_AT)))).containsExactly(t3.id, t4.id, t1.id, t2.id);
        assertThat(ids(sorted(desc(Field.UPDATED_AT)))).containsExactly(t2.id, t1.id, t4.id, t3.id);
    }

    @Test
    void sortByPositionPutsTasksWithoutOneLastEitherWay() {
        createSortFixture();
        assertThat(ids(sorted(asc(Field.POSITION)))).containsExactly(t4.id, t3.id, t1.id, t2.id);
        assertThat(ids(sorted(desc(Field.POSITION)))).containsExactly(t1.id, t3.id, t4.id, t2.id);
    }

    @Test
    void sortByPriorityRunsFromLowToHigh() {
        createSortFixture();
        assertThat(ids(sorted(asc(Field.PRIORITY), asc(Field.CREATED_AT)))).containsExactly(t1.id, t3.id, t2.id, t4.id);
        assertThat(ids(sorted(desc(Field.PRIORITY), desc(Field.CREATED_AT)))).containsExactly(t4.id, t2.id, t3.id, t1.id);
    }

    @Test
    void sortByTitleIgnoresCase() {
        createSortFixture();
        assertThat(ids(sorted(asc(Field.TITLE)))).containsExactly(t2.id, t4.id, t1.id, t3.id);
        assertThat(ids(sorted(desc(Field.TITLE)))).containsExactly(t3.id, t1.id, t4.id, t2.id);
    }

    @Test
    void laterSortKeysBreakTiesOfEarlierOnes() {
        createSortFixture();
        // t2 and t4 share HIGH; the due date decides between them, and t2's missing one puts it last.
        assertThat(ids(sorted(desc(Field.PRIORITY), asc(Field.DUE_DATE)))).containsExactly(t4.id, t2.id, t3.id, t1.id);
    }

    @Test
    void theIdBreaksTiesThatNoSortKeyDecides() {
        UUID first = UUID.fromString("00000000-0000-0000-0000-000000000001");
        UUID second = UUID.fromString("00000000-0000-0000-0000-000000000002");
        UUID third = UUID.fromString("00000000-0000-0000-0000-000000000003");
        for (UUID id : List.of(third, first, second)) {
            NewTask task = new NewTask(id, workspaceId, creator);
            inTransaction(() -> projection.on(task.event(), 0, T0));
        }

        assertThat(ids(sorted(desc(Field.CREATED_AT), asc(Field.PRIORITY)))).containsExactly(first, second, third);
        assertThat(ids(queries.handle(new FetchTasksQuery(workspaceId, null, null, 0, 10)))).containsExactly(first, second, third);
    }

    @Test
    void pagesCoverEveryTaskOnceWithTheTotal() {
        List<UUID> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            all.add(create(task()).id);
        }

        List<UUID> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            TaskPage result = queries.handle(new FetchTasksQuery(workspaceId, null, OLDEST_FIRST, page, 3));
            assertThat(result.total()).isEqualTo(7);
            assertThat(result.page()).isEqualTo(page);
            assertThat(result.size()).isEqualTo(3);
            seen.addAll(ids(result));
        }

        assertThat(seen).containsExactlyElementsOf(all);
        TaskPage beyond = queries.handle(new FetchTasksQuery(workspaceId, null, OLDEST_FIRST, 3, 3));
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.total()).isEqualTo(7);
    }

    @Test
    void pagesDoNotOverlapWhenEverySortKeyTies() {
        for (int i = 0; i < 7; i++) {
            NewTask task = task();
            inTransaction(() -> projection.on(task.event(), 0, T0));
        }

        List<UUID> seen = new ArrayList<>();
        for (int page = 0; page < 4; page++) {
            seen.addAll(ids(queries.handle(new FetchTasksQuery(workspaceId, null, List.of(asc(Field.PRIORITY)), page, 2))));
        }

        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    void anEmptyWorkspaceHasAnEmptyFirstPage() {
        TaskPage page = queries.handle(new FetchTasksQuery(workspaceId, null, null, 0, 20));

        assertThat(page).isEqualTo(new TaskPage(List.of(), 0, 20, 0));
    }

    @Test
    void tagsOfEveryTaskOnThePageComeInTheirOwnOrder() {
        NewTask first = create(task().tags("zeta", "alpha", "mid"));
        NewTask second = create(task());
        NewTask third = create(task().tags("b", "a"));

        List<TaskView> items = queries.handle(new FetchTasksQuery(workspaceId, null, OLDEST_FIRST, 0, 10)).items();

        assertThat(items).extracting(TaskView::id).containsExactly(first.id, second.id, third.id);
        assertThat(items.get(0).tags()).containsExactly("zeta", "alpha", "mid");
        assertThat(items.get(1).tags()).isEmpty();
        assertThat(items.get(2).tags()).containsExactly("b", "a");
    }

    @Test
    void recurringTemplatesAreSeriesStartsAndMarkedTemplates() {
        RecurringConfig daily = new RecurringConfig(Frequency.DAILY, 1, null, null, null);
        NewTask series = create(task().recurring(daily).tags("habit"));
        create(task().recurring(daily).parent(series.id, 2));
        NewTask markedTemplate = create(task().recurring(daily).template().parent(series.id, 3));
        create(task());
        NewTask deletedSeries = create(task().recurring(daily));
        inTransaction(() -> projection.on(new TaskDeletedEvent(deletedSeries.id, workspaceId), 1, T0));
        create(new NewTask(UUID.randomUUID(), creator).recurring(daily));

        List<TaskView> templates = queries.handle(new FetchRecurringTasksQuery(workspaceId));

        assertThat(templates).extracting(TaskView::id).containsExactly(series.id, markedTemplate.id);
        assertThat(templates.get(0).tags()).containsExactly("habit");
        assertThat(templates.get(0).recurringConfig()).isEqualTo(daily);
    }

    @Test
    void aNegativePageOrAnEmptySizeIsRefused() {
        assertThatThrownBy(() -> queries.handle(new FetchTasksQuery(workspaceId, null, null, -1, 10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queries.handle(new FetchTasksQuery(workspaceId, null, null, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private NewTask task() {
        return new NewTask(workspaceId, creator);
    }

    /** Applies the creation one second after the previous one, so creation order is the order of calls. */
    private NewTask create(NewTask task) {
        Instant at = T0.plusSeconds(++created);
        inTransaction(() -> projection.on(task.event(), 0, at));
        return task;
    }

    private TaskPage filter(TaskFilter filter) {
        return queries.handle(new FetchTasksQuery(workspaceId, filter, OLDEST_FIRST, 0, 50));
    }

    private TaskPage sorted(TaskSort... sort) {
        return queries.handle(new FetchTasksQuery(workspaceId, TaskFilter.none(), List.of(sort), 0, 50));
    }

    private static List<UUID> ids(TaskPage page) {
        return page.items().stream().map(TaskView::id).toList();
    }

    private static TaskSort asc(Field field) {
        return new TaskSort(field, false);
    }

    private static TaskSort desc(Field field) {
        return new TaskSort(field, true);
    }
}
