package io.tandem.command.task;

import static io.tandem.command.Rejection.rejected;
import static io.tandem.command.task.Changes.change;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tandem.api.DomainException;
import io.tandem.api.ErrorCode;
import io.tandem.api.MetadataKeys;
import io.tandem.api.task.AssignTaskCommand;
import io.tandem.api.task.CompleteTaskCommand;
import io.tandem.api.task.CreateTaskCommand;
import io.tandem.api.task.DeleteTaskCommand;
import io.tandem.api.task.Frequency;
import io.tandem.api.task.MoveTaskCommand;
import io.tandem.api.task.Priority;
import io.tandem.api.task.RecurringConfig;
import io.tandem.api.task.ReopenTaskCommand;
import io.tandem.api.task.TaskAssignedEvent;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskCompletedEvent;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskDeletedEvent;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskFieldsChangedEvent;
import io.tandem.api.task.TaskMovedEvent;
import io.tandem.api.task.TaskReopenedEvent;
import io.tandem.api.task.TaskStatus;
import io.tandem.api.task.TaskVersionConflictException;
import io.tandem.api.task.UpdateTaskCommand;
import io.tandem.api.task.VersionCheck;
import io.tandem.api.task.Weekday;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TaskTest {

    private static final UUID WS = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID OTHER_WS = UUID.fromString("00000000-0000-0000-0000-0000000000a2");
    private static final UUID TASK = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final UUID ROOT = UUID.fromString("00000000-0000-0000-0000-0000000000b0");
    private static final UUID CREATOR = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID ALICE = UUID.fromString("00000000-0000-0000-0000-000000000002");
    private static final UUID BOB = UUID.fromString("00000000-0000-0000-0000-000000000003");
    private static final UUID CATEGORY = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    // A Tuesday.
    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");
    private static final Instant DUE = Instant.parse("2026-11-25T09:00:00Z");
    private static final RecurringConfig DAILY = new RecurringConfig(Frequency.DAILY, 1, null, null, null);

    private FixtureConfiguration<Task> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Task.class);
    }

    private static Created task() {
        return new Created();
    }

    private static TaskCreatedEvent created() {
        return task().build();
    }

    /** Stands for a successor's id in expected events: the server draws it at random when the series steps on. */
    private static final UUID ANY_SUCCESSOR = UUID.fromString("00000000-0000-0000-0000-00000000ffff");

    /** The id successors had when it was derived from the series alone (anyone knowing the series could compute it). */
    private static UUID derivableId(UUID seriesRoot, int occurrence) {
        return UUID.nameUUIDFromBytes((seriesRoot + ":" + occurrence).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * These events in this order, where an expected creation with the id {@link #ANY_SUCCESSOR} matches a creation
     * with any id that is new: neither one of the series nor the derivable one.
     */
    private static Matcher<List<EventMessage<?>>> withAnySuccessorId(Object... expected) {
        return new CustomTypeSafeMatcher<>("events " + List.of(expected) + ", successors with fresh ids") {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> actual) {
                if (actual.size() != expected.length) {
                    return false;
                }
                for (int i = 0; i < expected.length; i++) {
                    Object payload = actual.get(i).getPayload();
                    if (expected[i] instanceof TaskCreatedEvent wanted && ANY_SUCCESSOR.equals(wanted.taskId())
                            && payload instanceof TaskCreatedEvent made) {
                        UUID id = made.taskId();
                        if (id == null || id.equals(TASK) || id.equals(ROOT) || id.equals(ANY_SUCCESSOR)
                                || id.equals(derivableId(made.parentTaskId(), made.occurrence()))) {
                            return false;
                        }
                        payload = withId(made, ANY_SUCCESSOR);
                    }
                    if (!expected[i].equals(payload)) {
                        return false;
                    }
                }
                return true;
            }
        };
    }

    private static TaskCreatedEvent withId(TaskCreatedEvent e, UUID id) {
        return new TaskCreatedEvent(id, e.workspaceId(), e.createdBy(), e.title(), e.description(), e.priority(),
                e.categoryId(), e.tags(), e.assignedTo(), e.dueDate(), e.recurring(), e.recurringConfig(), e.template(),
                e.parentTaskId(), e.status(), e.position(), e.completed(), e.completedAt(), e.occurrence(),
                e.seriesDay());
    }

    private static UpdateTaskCommand update(TaskChanges changes) {
        return new UpdateTaskCommand(TASK, WS, changes, null, VersionCheck.NONE);
    }

    private static UpdateTaskCommand update(TaskChanges changes, long baseVersion, VersionCheck check) {
        return new UpdateTaskCommand(TASK, WS, changes, baseVersion, check);
    }

    private static TaskFieldsChangedEvent fieldsChanged(TaskChanges changes) {
        return new TaskFieldsChangedEvent(TASK, WS, changes);
    }

    private static Matcher<TaskVersionConflictException> versionConflict(long currentVersion, Set<TaskField> fields) {
        return new CustomTypeSafeMatcher<>("a version conflict at " + currentVersion + " on " + fields) {
            @Override
            protected boolean matchesSafely(TaskVersionConflictException exception) {
                return exception.currentVersion() == currentVersion
                        && exception.conflictingFields().equals(fields.stream().map(TaskField::jsonName).sorted().toList())
                        && exception.code() == ErrorCode.CONFLICT;
            }
        };
    }

    private static CreateTaskCommand createCommand(String title, List<String> tags, TaskStatus status,
                                                   boolean recurring, RecurringConfig config, Integer position) {
        return new CreateTaskCommand(TASK, WS, CREATOR, title, null, null, null, tags, null, null, recurring, config,
                false, null, status, position);
    }

    private static CreateTaskCommand createCommand(String title) {
        return createCommand(title, null, null, false, null, null);
    }

    /** A client operation is applied once; the aggregate's own events say which were (see AppliedOperations). */
    @Nested
    class ApplyingAClientOperationOnce {

        private Matcher<DomainException> alreadyApplied(long version) {
            return new CustomTypeSafeMatcher<>("already applied at version " + version) {
                @Override
                protected boolean matchesSafely(DomainException e) {
                    return e.code() == ErrorCode.ALREADY_APPLIED && e.currentVersion() == version;
                }
            };
        }

        private GenericDomainEventMessage<TaskCreatedEvent> createdBy(String operationId) {
            return new GenericDomainEventMessage<>("Task", TASK.toString(), 0, created(),
                    MetaData.with(MetadataKeys.CLIENT_OPERATION_ID, operationId));
        }

        @Test
        void aRepeatedCreationIsRefusedWithTheVersionItProducedAndWritesNothing() {
            fixture.given(List.of(createdBy("op-1")))
                    .when(createCommand("Buy milk"), Map.of(MetadataKeys.CLIENT_OPERATION_ID, "op-1"))
                    .expectNoEvents()
                    .expectException(alreadyApplied(1));
        }

        @Test
        void anotherCreationWithATakenIdIsRefusedAsExisting() {
            fixture.given(List.of(createdBy("op-1")))
                    .when(createCommand("Someone else's"), Map.of(MetadataKeys.CLIENT_OPERATION_ID, "op-2"))
                    .expectNoEvents()
                    .expectException(new CustomTypeSafeMatcher<DomainException>("id exists") {
                        @Override
                        protected boolean matchesSafely(DomainException e) {
                            return e.code() == ErrorCode.ALREADY_EXISTS && "id".equals(e.field());
                        }
                    });
        }

        @Test
        void anOperationAppliedInOneWorkspaceIsNoDuplicateFromAnother() {
            CreateTaskCommand elsewhere = new CreateTaskCommand(TASK, OTHER_WS, ALICE, "Squatted", null, null, null,
                    null, null, null, false, null, false, null, null, null);
            fixture.given(List.of(createdBy("op-1")))
                    .when(elsewhere, Map.of(MetadataKeys.CLIENT_OPERATION_ID, "op-1"))
                    .expectNoEvents()
                    .expectException(new CustomTypeSafeMatcher<DomainException>("id exists, nothing more") {
                        @Override
                        protected boolean matchesSafely(DomainException e) {
                            return e.code() == ErrorCode.ALREADY_EXISTS && "id".equals(e.field())
                                    && e.currentVersion() == null;
                        }
                    });
            fixture.given(List.of(createdBy("op-1")))
                    .when(new UpdateTaskCommand(TASK, OTHER_WS, change().title("Mine").build(), null,
                            VersionCheck.NONE), Map.of(MetadataKeys.CLIENT_OPERATION_ID, "op-1"))
                    .expectNoEvents()
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }

        @Test
        void aRepeatedUpdateAnswersTheVersionOfItsLastEventAndANewOneApplies() {
            GenericDomainEventMessage<TaskFieldsChangedEvent> renamed = new GenericDomainEventMessage<>("Task",
                    TASK.toString(), 1, fieldsChanged(change().title("Buy oat milk").build()),
                    MetaData.with(MetadataKeys.CLIENT_OPERATION_ID, "op-2"));
            fixture.given(List.of(createdBy("op-1"), renamed))
                    .when(update(change().title("Buy oat milk").build()), Map.of(MetadataKeys.CLIENT_OPERATION_ID, "op-2"))
                    .expectNoEvents()
                    .expectException(alreadyApplied(2));
            fixture.given(List.of(createdBy("op-1"), renamed))
                    .when(update(change().title("Buy rice milk").build()), Map.of(MetadataKeys.CLIENT_OPERATION_ID, "op-3"))
                    .expectEvents(fieldsChanged(change().title("Buy rice milk").build()))
                    .expectResultMessagePayload(3L);
        }
    }

    @Nested
    class Creating {

        @Test
        void aNewTaskIsAtVersionOneWithDefaults() {
            fixture.givenNoPriorActivity()
                    .when(createCommand("Buy milk"))
                    .expectEvents(created())
                    .expectResultMessagePayload(1L);
        }

        @Test
        void everyGivenFieldIsKept() {
            fixture.givenNoPriorActivity()
                    .when(new CreateTaskCommand(TASK, WS, CREATOR, "Buy milk", "2 litres", Priority.HIGH, CATEGORY,
                            List.of("shop"), ALICE, DUE, false, null, true, ROOT, TaskStatus.IN_PROGRESS, 4))
                    .expectEvents(new TaskCreatedEvent(TASK, WS, CREATOR, "Buy milk", "2 litres", Priority.HIGH,
                            CATEGORY, List.of("shop"), ALICE, DUE, false, null, true, ROOT, TaskStatus.IN_PROGRESS, 4,
                            false, null, 1));
        }

        @Test
        void theTitleIsTrimmed() {
            fixture.givenNoPriorActivity()
                    .when(createCommand("  Buy milk \n"))
                    .expectEvents(created());
        }

        @Test
        void aBlankTitleIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(createCommand("   "))
                    .expectException(rejected(ErrorCode.VALIDATION, "title"));
        }

        @Test
        void aTitleOfMoreThan500CharactersIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(createCommand("t".repeat(501)))
                    .expectException(rejected(ErrorCode.VALIDATION, "title"));
        }

        @Test
        void aDescriptionOfMoreThan2000CharactersIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(new CreateTaskCommand(TASK, WS, CREATOR, "Buy milk", "d".repeat(2001), null, null, null,
                            null, null, false, null, false, null, null, null))
                    .expectException(rejected(ErrorCode.VALIDATION, "description"));
        }

        @Test
        void tagsAreTrimmedAndDeduplicatedKeepingTheirOrder() {
            fixture.givenNoPriorActivity()
                    .when(createCommand("Buy milk", List.of(" shop", "home", "shop "), null, false, null, null))
                    .expectEvents(task().tags("shop", "home").build());
        }

        @Test
        void moreThan20TagsAreRejected() {
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                tags.add("tag" + i);
            }
            fixture.givenNoPriorActivity()
                    .when(createCommand("Buy milk", tags, null, false, null, null))
                    .expectException(rejected(ErrorCode.VALIDATION, "tags"));
        }

        @Test
        void aBlankTagIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(createCommand("Buy milk", List.of("shop", " "), null, false, null, null))
                    .expectException(rejected(ErrorCode.VALIDATION, "tags"));
        }

        @Test
        void aTagOfMoreThan100CharactersIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(createCommand("Buy milk", List.of("x".repeat(101)), null, false, null, null))
                    .expectException(rejected(ErrorCode.VALIDATION, "tags"));
        }

        @Test
        void aTaskCreatedDoneIsCompletedNow() {
            fixture.givenNoPriorActivity()
                    .andGivenCurrentTime(NOW)
                    .when(createCommand("Buy milk", null, TaskStatus.DONE, false, null, null))
                    .expectEvents(task().done(NOW).build());
        }

        @Test
        void aRecurringTaskWithoutScheduleIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(createCommand("Water plants", null, null, true, null, null))
                    .expectException(rejected(ErrorCode.VALIDATION, "recurringConfig"));
        }

        @Test
        void aScheduleWithoutFrequencyIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(createCommand("Water plants", null, null, true,
                            new RecurringConfig(null, 1, null, null, null), null))
                    .expectException(rejected(ErrorCode.VALIDATION, "recurringConfig.frequency"));
        }

        @Test
        void anIntervalBelowOneIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(createCommand("Water plants", null, null, true,
                            new RecurringConfig(Frequency.DAILY, 0, null, null, null), null))
                    .expectException(rejected(ErrorCode.VALIDATION, "recurringConfig.interval"));
        }

        @Test
        void aCountBelowOneIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(createCommand("Water plants", null, null, true,
                            new RecurringConfig(Frequency.DAILY, 1, null, null, 0), null))
                    .expectException(rejected(ErrorCode.VALIDATION, "recurringConfig.count"));
        }

        @Test
        void aMissingIntervalIsStoredAsOne() {
            fixture.givenNoPriorActivity()
                    .when(createCommand("Buy milk", null, null, true,
                            new RecurringConfig(Frequency.DAILY, null, null, null, null), null))
                    .expectEvents(task().recurring(DAILY).build());
        }

        @Test
        void aNegativePositionIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(createCommand("Buy milk", null, null, false, null, -1))
                    .expectException(rejected(ErrorCode.VALIDATION, "position"));
        }

        @Test
        void aTaskOutsideAnyWorkspaceIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(new CreateTaskCommand(TASK, null, CREATOR, "Buy milk", null, null, null, null, null, null,
                            false, null, false, null, null, null))
                    .expectException(rejected(ErrorCode.VALIDATION, "workspaceId"));
        }
    }

    @Nested
    class Updating {

        @Test
        void onlyFieldsWhoseValueDiffersAreEmitted() {
            fixture.given(created())
                    .when(update(change().title("Buy oat milk").priority(Priority.MEDIUM).tags(List.of()).build()))
                    .expectEvents(fieldsChanged(change().title("Buy oat milk").build()))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void anUpdateThatChangesNothingEmitsNothingAndAnswersTheCurrentVersion() {
            fixture.given(created(), fieldsChanged(change().priority(Priority.HIGH).build()))
                    .when(update(change().title(" Buy milk ").priority(Priority.HIGH).build()))
                    .expectNoEvents()
                    .expectResultMessagePayload(2L);
        }

        @Test
        void aFieldNamedWithNullIsCleared() {
            fixture.given(task().assignedTo(ALICE).build())
                    .when(update(change().assignedTo(null).build()))
                    .expectEvents(fieldsChanged(change().assignedTo(null).build()));
        }

        @Test
        void changedValuesAreNormalizedLikeOnCreation() {
            fixture.given(created())
                    .when(update(change().tags(List.of(" a", "a", "b")).build()))
                    .expectEvents(fieldsChanged(change().tags(List.of("a", "b")).build()));
        }

        @Test
        void aBlankNewTitleIsRejected() {
            fixture.given(created())
                    .when(update(change().title(" ").build()))
                    .expectException(rejected(ErrorCode.VALIDATION, "title"));
        }

        @Test
        void aTooLongNewDescriptionIsRejected() {
            fixture.given(created())
                    .when(update(change().description("d".repeat(2001)).build()))
                    .expectException(rejected(ErrorCode.VALIDATION, "description"));
        }

        @Test
        void aNegativeNewPositionIsRejected() {
            fixture.given(created())
                    .when(update(change().position(-3).build()))
                    .expectException(rejected(ErrorCode.VALIDATION, "position"));
        }

        @Test
        void makingATaskRecurringWithoutScheduleIsRejected() {
            fixture.given(created())
                    .when(update(change().recurring(true).build()))
                    .expectException(rejected(ErrorCode.VALIDATION, "recurringConfig"));
        }

        @Test
        void makingATaskRecurringWithAScheduleIsAccepted() {
            fixture.given(created())
                    .when(update(change().recurring(true)
                            .recurringConfig(new RecurringConfig(Frequency.DAILY, null, null, null, null)).build()))
                    .expectEvents(fieldsChanged(change().recurring(true).recurringConfig(DAILY).build()));
        }

        @Test
        void statusDoneTogetherWithCompletedFalseIsRejected() {
            fixture.given(created())
                    .when(update(change().status(TaskStatus.DONE).completed(false).build()))
                    .expectException(rejected(ErrorCode.VALIDATION, "completed"));
        }

        @Test
        void aTaskOfAnotherWorkspaceIsNotFound() {
            fixture.given(created())
                    .when(new UpdateTaskCommand(TASK, OTHER_WS, change().title("x").build(), null,
                            VersionCheck.NONE))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }

        @Test
        void aDeletedTaskIsNotFound() {
            fixture.given(created(), new TaskDeletedEvent(TASK, WS))
                    .when(update(change().title("x").build()))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }

        @Test
        void settingStatusToInProgressStaysAFieldChange() {
            fixture.given(created())
                    .when(update(change().status(TaskStatus.IN_PROGRESS).build()))
                    .expectEvents(fieldsChanged(change().status(TaskStatus.IN_PROGRESS).build()));
        }

        @Test
        void settingStatusToDoneCompletesTheTask() {
            fixture.given(created())
                    .andGivenCurrentTime(NOW)
                    .when(update(change().status(TaskStatus.DONE).build()))
                    .expectEvents(new TaskCompletedEvent(TASK, WS, NOW))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void settingCompletedTrueCompletesTheTask() {
            fixture.given(created())
                    .andGivenCurrentTime(NOW)
                    .when(update(change().completed(true).build()))
                    .expectEvents(new TaskCompletedEvent(TASK, WS, NOW));
        }

        @Test
        void fieldChangesComeBeforeTheCompletionInOneUpdate() {
            fixture.given(created())
                    .andGivenCurrentTime(NOW)
                    .when(update(change().title("Bought milk").status(TaskStatus.DONE).completed(true).build()))
                    .expectEvents(fieldsChanged(change().title("Bought milk").build()),
                            new TaskCompletedEvent(TASK, WS, NOW))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void settingCompletedFalseReopensADoneTaskToTodo() {
            fixture.given(task().done(NOW).build())
                    .when(update(change().completed(false).build()))
                    .expectEvents(new TaskReopenedEvent(TASK, WS, TaskStatus.TODO));
        }

        @Test
        void settingAnOpenStatusReopensADoneTaskIntoThatStatus() {
            fixture.given(task().done(NOW).build())
                    .when(update(change().status(TaskStatus.IN_PROGRESS).build()))
                    .expectEvents(new TaskReopenedEvent(TASK, WS, TaskStatus.IN_PROGRESS));
        }

        @Test
        void settingDoneOnADoneTaskChangesNothing() {
            fixture.given(task().done(NOW).build())
                    .when(update(change().status(TaskStatus.DONE).completed(true).build()))
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void completingARecurringTaskByUpdateCreatesTheNextOccurrence() {
            fixture.given(task().recurring(DAILY).due(DUE).build())
                    .andGivenCurrentTime(NOW)
                    .when(update(change().status(TaskStatus.DONE).build()))
                    .expectEventsMatching(withAnySuccessorId(new TaskCompletedEvent(TASK, WS, NOW),
                            task().recurring(DAILY).due(DUE.plusSeconds(86_400)).successor(TASK, 2).build()));
        }
    }

    @Nested
    class Concurrency {

        private final Object[] threeVersions = {
                created(),
                fieldsChanged(change().title("Buy oat milk").build()),
                new TaskAssignedEvent(TASK, WS, ALICE, null)};

        @Test
        void aStrictUpdateAtTheCurrentVersionIsApplied() {
            fixture.given(threeVersions)
                    .when(update(change().priority(Priority.LOW).build(), 3, VersionCheck.STRICT))
                    .expectEvents(fieldsChanged(change().priority(Priority.LOW).build()))
                    .expectResultMessagePayload(4L);
        }

        @Test
        void aStaleStrictUpdateFailsItsPrecondition() {
            fixture.given(threeVersions)
                    .when(update(change().priority(Priority.LOW).build(), 2, VersionCheck.STRICT))
                    .expectException(rejected(ErrorCode.PRECONDITION_FAILED));
        }

        @Test
        void aStaleMergeUpdateOfUntouchedFieldsIsApplied() {
            fixture.given(threeVersions)
                    .when(update(change().priority(Priority.LOW).dueDate(DUE).build(), 1, VersionCheck.MERGE))
                    .expectEvents(fieldsChanged(change().priority(Priority.LOW).dueDate(DUE).build()))
                    .expectResultMessagePayload(4L);
        }

        @Test
        void aStaleMergeUpdateOfAFieldChangedSinceConflicts() {
            fixture.given(threeVersions)
                    .when(update(change().title("Buy soy milk").priority(Priority.LOW).build(), 1,
                            VersionCheck.MERGE))
                    .expectException(versionConflict(3, EnumSet.of(TaskField.TITLE)));
        }

        @Test
        void anAssignmentSinceTheBaseVersionConflictsWithAnotherAssignee() {
            fixture.given(threeVersions)
                    .when(update(change().assignedTo(BOB).build(), 2, VersionCheck.MERGE))
                    .expectException(versionConflict(3, EnumSet.of(TaskField.ASSIGNED_TO)));
        }

        @Test
        void onlyChangesAfterTheBaseVersionCount() {
            fixture.given(threeVersions)
                    .when(update(change().title("Buy soy milk").build(), 2, VersionCheck.MERGE))
                    .expectEvents(fieldsChanged(change().title("Buy soy milk").build()));
        }

        @Test
        void resendingTheValueTheServerAlreadyHasIsNoConflict() {
            fixture.given(threeVersions)
                    .when(update(change().title("Buy oat milk").build(), 1, VersionCheck.MERGE))
                    .expectNoEvents()
                    .expectResultMessagePayload(3L);
        }

        @Test
        void aMoveSinceTheBaseVersionConflictsWithANewPosition() {
            fixture.given(created(), new TaskMovedEvent(TASK, WS, TaskStatus.IN_PROGRESS, 2))
                    .when(update(change().position(5).build(), 1, VersionCheck.MERGE))
                    .expectException(versionConflict(2, EnumSet.of(TaskField.POSITION)));
        }

        @Test
        void aCompletionSinceTheBaseVersionConflictsWithAStatusChange() {
            fixture.given(created(), new TaskCompletedEvent(TASK, WS, NOW))
                    .when(update(change().status(TaskStatus.IN_PROGRESS).build(), 1, VersionCheck.MERGE))
                    .expectException(versionConflict(2, EnumSet.of(TaskField.STATUS)));
        }

        @Test
        void aMergeBaseVersionFromTheFutureFailsItsPrecondition() {
            fixture.given(threeVersions)
                    .when(update(change().priority(Priority.LOW).build(), 4, VersionCheck.MERGE))
                    .expectException(rejected(ErrorCode.PRECONDITION_FAILED));
        }

        @Test
        void aCheckedUpdateWithoutBaseVersionIsRejected() {
            fixture.given(threeVersions)
                    .when(new UpdateTaskCommand(TASK, WS, change().priority(Priority.LOW).build(), null,
                            VersionCheck.MERGE))
                    .expectException(rejected(ErrorCode.VALIDATION, "version"));
        }

        @Test
        void anUncheckedUpdateIgnoresAStaleBaseVersion() {
            fixture.given(threeVersions)
                    .when(update(change().title("Buy soy milk").build(), 1, VersionCheck.NONE))
                    .expectEvents(fieldsChanged(change().title("Buy soy milk").build()));
        }
    }

    @Nested
    class Completing {

        @Test
        void completingATaskMarksItDoneNow() {
            fixture.given(created())
                    .andGivenCurrentTime(NOW)
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectEvents(new TaskCompletedEvent(TASK, WS, NOW))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void completingATaskTwiceIsRejected() {
            fixture.given(created(), new TaskCompletedEvent(TASK, WS, NOW))
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectException(rejected(ErrorCode.CONFLICT));
        }

        @Test
        void completingADeletedTaskIsNotFound() {
            fixture.given(created(), new TaskDeletedEvent(TASK, WS))
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }

        @Test
        void completingATaskOfAnotherWorkspaceIsNotFound() {
            fixture.given(created())
                    .when(new CompleteTaskCommand(TASK, OTHER_WS))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }

        @Test
        void reopeningADoneTaskPutsItBackToTodo() {
            fixture.given(created(), new TaskCompletedEvent(TASK, WS, NOW))
                    .when(new ReopenTaskCommand(TASK, WS))
                    .expectEvents(new TaskReopenedEvent(TASK, WS, TaskStatus.TODO))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void reopeningAnOpenTaskIsRejected() {
            fixture.given(created())
                    .when(new ReopenTaskCommand(TASK, WS))
                    .expectException(rejected(ErrorCode.CONFLICT));
        }

        @Test
        void aReopenedTaskCanBeCompletedAgain() {
            fixture.given(created(), new TaskCompletedEvent(TASK, WS, NOW), new TaskReopenedEvent(TASK, WS,
                            TaskStatus.TODO))
                    .andGivenCurrentTime(NOW.plusSeconds(60))
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectEvents(new TaskCompletedEvent(TASK, WS, NOW.plusSeconds(60)))
                    .expectResultMessagePayload(4L);
        }

        @Test
        void reopeningATaskOfAnotherWorkspaceIsNotFound() {
            fixture.given(created(), new TaskCompletedEvent(TASK, WS, NOW))
                    .when(new ReopenTaskCommand(TASK, OTHER_WS))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }
    }

    @Nested
    class Recurring {

        @Test
        void completingARecurringTaskCreatesItsNextOccurrence() {
            fixture.given(task().recurring(DAILY).due(DUE).tags("home").assignedTo(ALICE).position(3).build())
                    .andGivenCurrentTime(NOW)
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectEventsMatching(withAnySuccessorId(new TaskCompletedEvent(TASK, WS, NOW),
                            new TaskCreatedEvent(ANY_SUCCESSOR, WS, CREATOR, "Buy milk", null,
                                    Priority.MEDIUM, null, List.of("home"), ALICE,
                                    Instant.parse("2026-11-26T09:00:00Z"), true, DAILY, false, TASK, TaskStatus.TODO,
                                    3, false, null, 2)))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void aMonthlySeriesDueOnThe31stKeepsTo31AcrossFebruary() {
            RecurringConfig monthly = new RecurringConfig(Frequency.MONTHLY, 1, null, null, null);
            Instant january = Instant.parse("2027-01-31T09:00:00Z");
            Instant february = Instant.parse("2027-02-28T09:00:00Z");
            fixture.given(task().recurring(monthly).due(january).build())
                    .andGivenCurrentTime(NOW)
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectEventsMatching(withAnySuccessorId(new TaskCompletedEvent(TASK, WS, NOW),
                            task().recurring(monthly).due(february).seriesDay(31).successor(TASK, 2).build()));

            fixture.given(task().recurring(monthly).due(february).seriesDay(31).occurrence(2, ROOT).build())
                    .andGivenCurrentTime(NOW)
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectEventsMatching(withAnySuccessorId(new TaskCompletedEvent(TASK, WS, NOW),
                            task().recurring(monthly).due(Instant.parse("2027-03-31T09:00:00Z")).seriesDay(31)
                                    .successor(ROOT, 3).build()));
        }

        @Test
        void aDueDateMovedByHandBecomesTheSeriesDay() {
            RecurringConfig monthly = new RecurringConfig(Frequency.MONTHLY, 1, null, null, null);
            Instant february = Instant.parse("2027-02-28T09:00:00Z");
            Instant moved = Instant.parse("2027-02-15T09:00:00Z");
            fixture.given(task().recurring(monthly).due(february).seriesDay(31).occurrence(2, ROOT).build(),
                            fieldsChanged(change().dueDate(moved).build()))
                    .andGivenCurrentTime(NOW)
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectEventsMatching(withAnySuccessorId(new TaskCompletedEvent(TASK, WS, NOW),
                            task().recurring(monthly).due(Instant.parse("2027-03-15T09:00:00Z")).seriesDay(15)
                                    .successor(ROOT, 3).build()));
        }

        @Test
        void laterOccurrencesPointAtTheSeriesRoot() {
            fixture.given(task().recurring(DAILY).due(DUE).occurrence(2, ROOT).build())
                    .andGivenCurrentTime(NOW)
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectEventsMatching(withAnySuccessorId(new TaskCompletedEvent(TASK, WS, NOW),
                            task().recurring(DAILY).due(DUE.plusSeconds(86_400)).successor(ROOT, 3).build()));
        }

        @Test
        void aTemplateCompletesLikeAnInstanceAndItsSuccessorIsNoTemplate() {
            fixture.given(task().recurring(DAILY).due(DUE).template().build())
                    .andGivenCurrentTime(NOW)
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectEventsMatching(withAnySuccessorId(new TaskCompletedEvent(TASK, WS, NOW),
                            task().recurring(DAILY).due(DUE.plusSeconds(86_400)).successor(TASK, 2).build()));
        }

        @Test
        void withoutADueDateTheNextOccurrenceIsDueAnIntervalAfterCompletion() {
            fixture.given(task().recurring(DAILY).build())
                    .andGivenCurrentTime(NOW)
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectEventsMatching(withAnySuccessorId(new TaskCompletedEvent(TASK, WS, NOW),
                            task().recurring(DAILY).due(NOW.plusSeconds(86_400)).successor(TASK, 2).build()));
        }

        @Test
        void weeklyOnListedDaysJumpsToTheNextListedDay() {
            RecurringConfig monThu = new RecurringConfig(Frequency.WEEKLY, 1, List.of(Weekday.MON, Weekday.THU),
                    null, null);
            Instant tuesday = Instant.parse("2026-11-24T09:00:00Z");
            fixture.given(task().recurring(monThu).due(tuesday).build())
                    .andGivenCurrentTime(NOW)
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectEventsMatching(withAnySuccessorId(new TaskCompletedEvent(TASK, WS, NOW),
                            task().recurring(monThu).due(Instant.parse("2026-11-26T09:00:00Z"))
                                    .successor(TASK, 2).build()));
        }

        @Test
        void theSeriesStopsOnceCountIsReached() {
            RecurringConfig twice = new RecurringConfig(Frequency.DAILY, 1, null, null, 2);
            fixture.given(task().recurring(twice).due(DUE).occurrence(2, ROOT).build())
                    .andGivenCurrentTime(NOW)
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectEvents(new TaskCompletedEvent(TASK, WS, NOW));
        }

        @Test
        void theSeriesStopsWhenTheNextDueDateIsAfterTheEndDate() {
            RecurringConfig untilDue = new RecurringConfig(Frequency.DAILY, 1, null, DUE.plusSeconds(3_600), null);
            fixture.given(task().recurring(untilDue).due(DUE).build())
                    .andGivenCurrentTime(NOW)
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectEvents(new TaskCompletedEvent(TASK, WS, NOW));
        }

        @Test
        void completingAgainAfterReopeningSpawnsNoSecondSuccessor() {
            fixture.given(task().recurring(DAILY).due(DUE).build(), new TaskCompletedEvent(TASK, WS, NOW),
                            new TaskReopenedEvent(TASK, WS, TaskStatus.TODO))
                    .andGivenCurrentTime(NOW)
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectEvents(new TaskCompletedEvent(TASK, WS, NOW));
        }

        @Test
        void aTaskThatDoesNotRecurSpawnsNothing() {
            fixture.given(task().due(DUE).build())
                    .andGivenCurrentTime(NOW)
                    .when(new CompleteTaskCommand(TASK, WS))
                    .expectEvents(new TaskCompletedEvent(TASK, WS, NOW));
        }
    }

    @Nested
    class Deleting {

        @Test
        void deletingATaskAnswersTheNextVersion() {
            fixture.given(created())
                    .when(new DeleteTaskCommand(TASK, WS))
                    .expectEvents(new TaskDeletedEvent(TASK, WS))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void deletingTwiceIsNotFound() {
            fixture.given(created(), new TaskDeletedEvent(TASK, WS))
                    .when(new DeleteTaskCommand(TASK, WS))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }

        @Test
        void deletingATaskOfAnotherWorkspaceIsNotFound() {
            fixture.given(created())
                    .when(new DeleteTaskCommand(TASK, OTHER_WS))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }

        @Test
        void aDeletedTaskCannotBeReopened() {
            fixture.given(created(), new TaskCompletedEvent(TASK, WS, NOW), new TaskDeletedEvent(TASK, WS))
                    .when(new ReopenTaskCommand(TASK, WS))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }

        @Test
        void aDeletedTaskCannotBeMoved() {
            fixture.given(created(), new TaskDeletedEvent(TASK, WS))
                    .when(new MoveTaskCommand(TASK, WS, TaskStatus.IN_PROGRESS, null))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }
    }

    @Nested
    class Assigning {

        @Test
        void assigningGivesTheTaskToSomeoneElse() {
            fixture.given(task().assignedTo(ALICE).build())
                    .when(new AssignTaskCommand(TASK, WS, BOB))
                    .expectEvents(new TaskAssignedEvent(TASK, WS, BOB, ALICE))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void unassigningGivesTheTaskToNobody() {
            fixture.given(task().assignedTo(ALICE).build())
                    .when(new AssignTaskCommand(TASK, WS, null))
                    .expectEvents(new TaskAssignedEvent(TASK, WS, null, ALICE));
        }

        @Test
        void assigningTheSameAssigneeEmitsNothing() {
            fixture.given(task().assignedTo(ALICE).build())
                    .when(new AssignTaskCommand(TASK, WS, ALICE))
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void assigningATaskOfAnotherWorkspaceIsNotFound() {
            fixture.given(created())
                    .when(new AssignTaskCommand(TASK, OTHER_WS, BOB))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }

        @Test
        void assigningADeletedTaskIsNotFound() {
            fixture.given(created(), new TaskDeletedEvent(TASK, WS))
                    .when(new AssignTaskCommand(TASK, WS, BOB))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }
    }

    @Nested
    class Moving {

        @Test
        void movingToAnotherColumnAndPosition() {
            fixture.given(created())
                    .when(new MoveTaskCommand(TASK, WS, TaskStatus.IN_PROGRESS, 2))
                    .expectEvents(new TaskMovedEvent(TASK, WS, TaskStatus.IN_PROGRESS, 2))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void movingWithoutStatusKeepsTheColumn() {
            fixture.given(task().status(TaskStatus.IN_PROGRESS).build())
                    .when(new MoveTaskCommand(TASK, WS, null, 7))
                    .expectEvents(new TaskMovedEvent(TASK, WS, TaskStatus.IN_PROGRESS, 7));
        }

        @Test
        void movingWithoutPositionKeepsThePosition() {
            fixture.given(task().position(4).build())
                    .when(new MoveTaskCommand(TASK, WS, TaskStatus.IN_PROGRESS, null))
                    .expectEvents(new TaskMovedEvent(TASK, WS, TaskStatus.IN_PROGRESS, 4));
        }

        @Test
        void movingToWhereTheTaskIsEmitsNothing() {
            fixture.given(task().position(4).build())
                    .when(new MoveTaskCommand(TASK, WS, TaskStatus.TODO, 4))
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void aNegativePositionIsRejected() {
            fixture.given(created())
                    .when(new MoveTaskCommand(TASK, WS, null, -1))
                    .expectException(rejected(ErrorCode.VALIDATION, "position"));
        }

        @Test
        void movingToDoneCompletesTheTask() {
            fixture.given(created())
                    .andGivenCurrentTime(NOW)
                    .when(new MoveTaskCommand(TASK, WS, TaskStatus.DONE, null))
                    .expectEvents(new TaskCompletedEvent(TASK, WS, NOW))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void movingToDoneAtAnotherPositionMovesThenCompletes() {
            fixture.given(created())
                    .andGivenCurrentTime(NOW)
                    .when(new MoveTaskCommand(TASK, WS, TaskStatus.DONE, 5))
                    .expectEvents(new TaskMovedEvent(TASK, WS, TaskStatus.TODO, 5),
                            new TaskCompletedEvent(TASK, WS, NOW))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void movingARecurringTaskToDoneCreatesItsNextOccurrence() {
            fixture.given(task().recurring(DAILY).due(DUE).build())
                    .andGivenCurrentTime(NOW)
                    .when(new MoveTaskCommand(TASK, WS, TaskStatus.DONE, null))
                    .expectEventsMatching(withAnySuccessorId(new TaskCompletedEvent(TASK, WS, NOW),
                            task().recurring(DAILY).due(DUE.plusSeconds(86_400)).successor(TASK, 2).build()));
        }

        @Test
        void movingADoneTaskToAnOpenColumnReopensIt() {
            fixture.given(task().done(NOW).build())
                    .when(new MoveTaskCommand(TASK, WS, TaskStatus.IN_PROGRESS, null))
                    .expectEvents(new TaskReopenedEvent(TASK, WS, TaskStatus.IN_PROGRESS));
        }

        @Test
        void movingADoneTaskToAnOpenColumnAndPositionReopensThenMoves() {
            fixture.given(task().done(NOW).build())
                    .when(new MoveTaskCommand(TASK, WS, TaskStatus.IN_PROGRESS, 6))
                    .expectEvents(new TaskReopenedEvent(TASK, WS, TaskStatus.IN_PROGRESS),
                            new TaskMovedEvent(TASK, WS, TaskStatus.IN_PROGRESS, 6))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void reorderingInsideTheDoneColumnChangesOnlyThePosition() {
            fixture.given(task().done(NOW).build())
                    .when(new MoveTaskCommand(TASK, WS, TaskStatus.DONE, 2))
                    .expectEvents(fieldsChanged(change().position(2).build()));
        }

        @Test
        void movingATaskOfAnotherWorkspaceIsNotFound() {
            fixture.given(created())
                    .when(new MoveTaskCommand(TASK, OTHER_WS, TaskStatus.IN_PROGRESS, null))
                    .expectException(rejected(ErrorCode.NOT_FOUND));
        }
    }

    /** A TaskCreatedEvent with the defaults a plain "Buy milk" command produces. */
    private static final class Created {

        private UUID id = TASK;
        private List<String> tags = List.of();
        private UUID assignedTo;
        private Instant dueDate;
        private boolean recurring;
        private RecurringConfig config;
        private boolean template;
        private UUID parent;
        private TaskStatus status = TaskStatus.TODO;
        private int position;
        private boolean completed;
        private Instant completedAt;
        private int occurrence = 1;
        private Integer seriesDay;

        Created seriesDay(int value) {
            seriesDay = value;
            return this;
        }

        Created tags(String... values) {
            tags = List.of(values);
            return this;
        }

        Created assignedTo(UUID value) {
            assignedTo = value;
            return this;
        }

        Created due(Instant value) {
            dueDate = value;
            return this;
        }

        Created recurring(RecurringConfig value) {
            recurring = true;
            config = value;
            return this;
        }

        Created template() {
            template = true;
            return this;
        }

        /** This task as occurrence n of the series started by root. */
        Created occurrence(int n, UUID root) {
            occurrence = n;
            parent = root;
            return this;
        }

        /** Occurrence n of the series started by root, under a fresh id (see withAnySuccessorId). */
        Created successor(UUID root, int n) {
            id = ANY_SUCCESSOR;
            recurring = true;
            return occurrence(n, root);
        }

        Created status(TaskStatus value) {
            status = value;
            return this;
        }

        Created position(int value) {
            position = value;
            return this;
        }

        Created done(Instant at) {
            status = TaskStatus.DONE;
            completed = true;
            completedAt = at;
            return this;
        }

        TaskCreatedEvent build() {
            return new TaskCreatedEvent(id, WS, CREATOR, "Buy milk", null, Priority.MEDIUM, null,
                    tags, assignedTo, dueDate, recurring, config, template, parent,
                    status, position, completed, completedAt, occurrence, seriesDay);
        }
    }
}
