package io.tandem.command.task;

import static io.tandem.command.task.Changes.change;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tandem.api.ErrorCode;
import io.tandem.api.MetadataKeys;
import io.tandem.api.DomainException;
import io.tandem.api.task.MergeOutcome;
import io.tandem.api.task.MergeTaskChangesCommand;
import io.tandem.api.task.Priority;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskFieldsChangedEvent;
import io.tandem.api.task.TaskMergeResult;
import io.tandem.api.task.TaskStatus;
import io.tandem.api.workspace.ConflictStrategy;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.CustomTypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Offline changes merged by the Task aggregate under each conflict strategy. The history used throughout:
 * version 1 created at t=0, version 2 changed the title at t=100, version 3 changed the description at t=300
 * (times are the clients' own, carried as metadata).
 */
class TaskMergeTest {

    private static final UUID WS = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID TASK = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final UUID CREATOR = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private FixtureConfiguration<Task> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Task.class);
    }

    private static EventMessage<?> at(long millis, Object event) {
        return GenericEventMessage.asEventMessage(event).andMetaData(Map.of(MetadataKeys.CLIENT_TIMESTAMP, millis));
    }

    private static List<EventMessage<?>> history() {
        return List.of(
                at(0, new TaskCreatedEvent(TASK, WS, CREATOR, "Draft", "first", Priority.MEDIUM, null, List.of(), null,
                        null, false, null, false, null, TaskStatus.TODO, 0, false, null, 1)),
                at(100, new TaskFieldsChangedEvent(TASK, WS, change().title("Server title").build())),
                at(300, new TaskFieldsChangedEvent(TASK, WS, change().description("server text").build())));
    }

    private static MergeTaskChangesCommand merge(TaskChanges changes, Long base, ConflictStrategy strategy,
                                                 Set<TaskField> preserve, long changedAt) {
        return new MergeTaskChangesCommand(TASK, WS, changes, base, strategy, preserve, Instant.ofEpochMilli(changedAt));
    }

    private static TaskMergeResult result(long version, MergeOutcome outcome) {
        return new TaskMergeResult(version, outcome, Set.of(), Map.of(), Map.of());
    }

    @Test
    void aChangeOnTheCurrentVersionIsApplied() {
        fixture.given(history())
                .when(merge(change().priority(Priority.HIGH).build(), 3L, ConflictStrategy.MANUAL, Set.of(), 50))
                .expectEvents(new TaskFieldsChangedEvent(TASK, WS, change().priority(Priority.HIGH).build()))
                .expectResultMessagePayload(result(4, MergeOutcome.APPLIED));
    }

    @Test
    void disjointFieldsOfAStaleChangeMerge() {
        fixture.given(history())
                .when(merge(change().priority(Priority.HIGH).build(), 1L, ConflictStrategy.MANUAL, Set.of(), 50))
                .expectEvents(new TaskFieldsChangedEvent(TASK, WS, change().priority(Priority.HIGH).build()))
                .expectResultMessagePayload(result(4, MergeOutcome.MERGED));
    }

    @Test
    void fieldLevelMergeGivesAnOverlappingFieldToTheLaterEdit() {
        fixture.given(history())
                .when(merge(change().title("Client title").build(), 1L, ConflictStrategy.FIELD_LEVEL_MERGE, Set.of(), 200))
                .expectEvents(new TaskFieldsChangedEvent(TASK, WS, change().title("Client title").build()))
                .expectResultMessagePayload(result(4, MergeOutcome.MERGED));
    }

    @Test
    void fieldLevelMergeKeepsTheServerValueWhenItIsLater() {
        fixture.given(history())
                .when(merge(change().title("Client title").priority(Priority.LOW).build(), 1L,
                        ConflictStrategy.FIELD_LEVEL_MERGE, Set.of(), 90))
                .expectEvents(new TaskFieldsChangedEvent(TASK, WS, change().priority(Priority.LOW).build()))
                .expectResultMessagePayload(result(4, MergeOutcome.MERGED));
    }

    @Test
    void lastWriterWinsComparesWithTheTasksLatestChange() {
        // Later than the title's change (100) but earlier than the task's latest change (300): the server wins.
        fixture.given(history())
                .when(merge(change().title("Client title").build(), 1L, ConflictStrategy.LAST_WRITER_WINS, Set.of(), 200))
                .expectNoEvents()
                .expectResultMessagePayload(result(3, MergeOutcome.MERGED));
    }

    @Test
    void lastWriterWinsLetsALaterClientOverwrite() {
        fixture.given(history())
                .when(merge(change().title("Client title").build(), 1L, ConflictStrategy.LAST_WRITER_WINS, Set.of(), 400))
                .expectEvents(new TaskFieldsChangedEvent(TASK, WS, change().title("Client title").build()))
                .expectResultMessagePayload(result(4, MergeOutcome.MERGED));
    }

    @Test
    void manualHoldsOverlapsAsAConflictAndAppliesTheRest() {
        fixture.given(history())
                .when(merge(change().title("Client title").priority(Priority.HIGH).build(), 1L, ConflictStrategy.MANUAL,
                        Set.of(), 999))
                .expectEvents(new TaskFieldsChangedEvent(TASK, WS, change().priority(Priority.HIGH).build()))
                .expectResultMessagePayload(new TaskMergeResult(4, MergeOutcome.CONFLICT, Set.of(TaskField.TITLE),
                        Map.of("title", "Server title"), Map.of("title", "Client title")));
    }

    @Test
    void aPreservedFieldIsHeldEvenWhenTheClientIsLater() {
        fixture.given(history())
                .when(merge(change().description("client text").build(), 2L, ConflictStrategy.LAST_WRITER_WINS,
                        Set.of(TaskField.DESCRIPTION), 999))
                .expectNoEvents()
                .expectResultMessagePayload(new TaskMergeResult(3, MergeOutcome.CONFLICT, Set.of(TaskField.DESCRIPTION),
                        Map.of("description", "server text"), Map.of("description", "client text")));
    }

    @Test
    void aPreservedFieldNobodyElseChangedIsApplied() {
        fixture.given(history())
                .when(merge(change().priority(Priority.LOW).build(), 1L, ConflictStrategy.FIELD_LEVEL_MERGE,
                        Set.of(TaskField.PRIORITY), 10))
                .expectEvents(new TaskFieldsChangedEvent(TASK, WS, change().priority(Priority.LOW).build()))
                .expectResultMessagePayload(result(4, MergeOutcome.MERGED));
    }

    @Test
    void aBaseVersionTheTaskNeverHadIsRejected() {
        fixture.given(history())
                .when(merge(change().priority(Priority.LOW).build(), 7L, ConflictStrategy.FIELD_LEVEL_MERGE, Set.of(), 10))
                .expectNoEvents()
                .expectException(new CustomTypeSafeMatcher<DomainException>("a validation error on baseVersion") {
                    @Override
                    protected boolean matchesSafely(DomainException e) {
                        return e.code() == ErrorCode.VALIDATION && "baseVersion".equals(e.field());
                    }
                });
    }
}
