package io.tandem.command.task;

import static io.tandem.command.Rejection.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tandem.api.ErrorCode;
import io.tandem.api.task.DescriptionChange;
import io.tandem.api.task.DescriptionEdit;
import io.tandem.api.task.DescriptionOps;
import io.tandem.api.task.EditTaskDescriptionCommand;
import io.tandem.api.task.MergeOutcome;
import io.tandem.api.task.MergeTaskChangesCommand;
import io.tandem.api.task.TaskMergeResult;
import io.tandem.api.workspace.ConflictStrategy;
import io.tandem.api.task.Priority;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskDeletedEvent;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskFieldsChangedEvent;
import io.tandem.api.task.TaskStatus;
import io.tandem.api.task.UpdateTaskCommand;
import io.tandem.api.task.VersionCheck;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Collaborative edits of a task's description: transformed to the current revision, applied once per (client, seq). */
class TaskDescriptionTest {

    private static final UUID WS = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID TASK = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final UUID CREATOR = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID ANN = UUID.fromString("00000000-0000-0000-0000-0000000000d1");
    private static final UUID BOB = UUID.fromString("00000000-0000-0000-0000-0000000000d2");

    private FixtureConfiguration<Task> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Task.class);
    }

    @Test
    void anEditOnTheCurrentRevisionAppliesAsTheNextOne() {
        fixture.given(created("hello"))
                .when(edit(0, "[5,\" world\"]", ANN, 1))
                .expectEvents(edited("hello world", 1, "[5,\" world\"]", ANN, 1L))
                .expectResultMessagePayload(new DescriptionEdit(1, List.of(5, " world"), false, 2, List.of()));
    }

    @Test
    void anEditOnAnOlderRevisionIsTransformedAgainstEveryChangeSince() {
        // Bob typed at the end of revision 0 while Ann's edits (revisions 1 and 2) went in before his.
        fixture.given(created("hello"),
                        edited("Oh, hello", 1, "[\"Oh, \"]", ANN, 1L),
                        edited("Oh, hello!", 2, "[9,\"!\"]", ANN, 2L))
                .when(edit(0, "[5,\" world\"]", BOB, 1))
                .expectEvents(edited("Oh, hello world!", 3, "[9,\" world\"]", BOB, 1L))
                .expectResultMessagePayloadMatching(Matchers.<DescriptionEdit>predicate(edit -> {
                    // What Bob had not seen, in order, so that his socket can frame it before his acknowledgement.
                    assertThat(edit.revision()).isEqualTo(3);
                    assertThat(edit.op()).isEqualTo(List.of(9, " world"));
                    assertThat(edit.missed()).extracting(DescriptionOps.Op::revision, DescriptionOps.Op::op,
                                    DescriptionOps.Op::clientId, DescriptionOps.Op::seq)
                            .containsExactly(tuple(1L, List.of("Oh, "), ANN, 1L), tuple(2L, List.of(9, "!"), ANN, 2L));
                    return true;
                }));
    }

    @Test
    void anEditOnTheCurrentRevisionMissedNothing() {
        fixture.given(created("hello"), edited("hello!", 1, "[5,\"!\"]", ANN, 1L))
                .when(edit(1, "[\"Oh, \"]", BOB, 1))
                .expectResultMessagePayloadMatching(Matchers.<DescriptionEdit>predicate(edit -> {
                    assertThat(edit.revision()).isEqualTo(2);
                    assertThat(edit.missed()).isEmpty();
                    return true;
                }));
    }

    @Test
    void concurrentInsertsAtOnePlaceKeepTheServersOrder() {
        fixture.given(created(""), edited("A", 1, "[\"A\"]", ANN, 1L))
                .when(edit(0, "[\"B\"]", BOB, 1))
                // transform(incoming, applied, left): the incoming insert goes first at a tie.
                .expectEvents(edited("BA", 2, "[\"B\"]", BOB, 1L));
    }

    @Test
    void deletesCountCodePointsAndAstralCharactersStayWhole() {
        fixture.given(created("a😀b"))
                .when(edit(0, "[1,{\"d\":1}]", ANN, 1))
                .expectEvents(edited("ab", 1, "[1,{\"d\":1}]", ANN, 1L));
    }

    @Test
    void aResentEditChangesNothingAndAnswersTheRevisionItProduced() {
        fixture.given(created("hello"), edited("hello world", 1, "[5,\" world\"]", ANN, 1L),
                        edited("hello world!", 2, "[11,\"!\"]", BOB, 1L))
                .when(edit(0, "[5,\" world\"]", ANN, 1))
                .expectNoEvents()
                .expectResultMessagePayload(new DescriptionEdit(1, List.of(5, " world"), true, 3, List.of()));
    }

    @Test
    void badEditsAreRefusedAndChangeNothing() {
        fixture.given(created("hello")).when(edit(1, "[\"x\"]", ANN, 1))
                .expectNoEvents().expectException(rejected(ErrorCode.VALIDATION, "revision"));
        fixture.given(created("hello")).when(edit(-1, "[\"x\"]", ANN, 1))
                .expectNoEvents().expectException(rejected(ErrorCode.VALIDATION, "revision"));
        fixture.given(created("hello")).when(edit(0, "[6,\"x\"]", ANN, 1))
                .expectNoEvents().expectException(rejected(ErrorCode.VALIDATION, "op"));
        fixture.given(created("hello")).when(edit(0, "[{\"d\":\"help\"}]", ANN, 1))
                .expectNoEvents().expectException(rejected(ErrorCode.VALIDATION, "op"));
        fixture.given(created("hello")).when(edit(0, "[true]", ANN, 1))
                .expectNoEvents().expectException(rejected(ErrorCode.VALIDATION, "op"));
        fixture.given(created("hello")).when(edit(0, "[5,", ANN, 1))
                .expectNoEvents().expectException(rejected(ErrorCode.VALIDATION, "op"));
        fixture.given(created("hello")).when(edit(0, "[\"x\"]", ANN, 0))
                .expectNoEvents().expectException(rejected(ErrorCode.VALIDATION, "seq"));
        fixture.given(created("hello")).when(edit(0, "[5,\"" + "x".repeat(1996) + "\"]", ANN, 1))
                .expectNoEvents().expectException(rejected(ErrorCode.VALIDATION, "op"));
        // An operation that fits the current text but not the revision it was made on is refused too.
        fixture.given(created("hi"), edited("hi there", 1, "[2,\" there\"]", ANN, 1L))
                .when(edit(0, "[4,\"!\"]", BOB, 1))
                .expectNoEvents().expectException(rejected(ErrorCode.VALIDATION, "op"));
        fixture.given(created("hello"), new TaskDeletedEvent(TASK, WS)).when(edit(0, "[\"x\"]", ANN, 1))
                .expectNoEvents().expectException(rejected(ErrorCode.NOT_FOUND));
    }

    @Test
    void anEditOnARevisionMoreThanTheLimitOldAsksTheClientToRebase() {
        List<Object> history = new ArrayList<>();
        history.add(created(""));
        for (int r = 1; r <= DescriptionHistory.TRANSFORM_LIMIT + 1; r++) {
            boolean insert = r % 2 == 1;
            history.add(edited(insert ? "x" : "", r, insert ? "[\"x\"]" : "[{\"d\":1}]", ANN, (long) r));
        }
        fixture.given(history).when(edit(0, "[\"y\"]", BOB, 1))
                .expectNoEvents().expectException(rejected(ErrorCode.CONFLICT, "revision"));
        fixture.given(history).when(edit(1, "[\"y\"]", BOB, 1))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aDescriptionWrittenWholeIsTheSmallestOperationAsTheNextRevision() {
        fixture.given(created("Buy milk"), edited("Buy milk today", 1, "[8,\" today\"]", ANN, 1L))
                .when(new UpdateTaskCommand(TASK, WS, descriptionOnly("Buy oat milk today"), null, VersionCheck.NONE))
                .expectEvents(new TaskFieldsChangedEvent(TASK, WS, descriptionOnly("Buy oat milk today"),
                        new DescriptionChange(2, "[4,\"oat \"]", null, null)));
    }

    @Test
    void staleWholeTextWritesMergeAsTextUnlessTheRulesHoldTheDescription() {
        String base = "One. Two. Three.";
        // Ann, online, changed the first sentence (version 2, revision 1); Bob, offline on version 1, the last.
        Object[] history = {created(base), edited("Uno. Two. Three.", 1, "[{\"d\":3},\"Uno\"]", ANN, 1L)};
        String bobsText = "One. Two. Tres.";

        fixture.given(history)
                .when(merge(bobsText, ConflictStrategy.FIELD_LEVEL_MERGE, Set.of()))
                .expectEvents(new TaskFieldsChangedEvent(TASK, WS, descriptionOnly("Uno. Two. Tres."),
                        new DescriptionChange(2, "[11,{\"d\":4},\"res\"]", null, null)))
                .expectResultMessagePayload(new TaskMergeResult(3, MergeOutcome.MERGED, Set.of(), Map.of(), Map.of()));
        fixture.given(history)
                .when(merge(bobsText, ConflictStrategy.MANUAL, Set.of()))
                .expectNoEvents()
                .expectResultMessagePayload(held(bobsText));
        fixture.given(history)
                .when(merge(bobsText, ConflictStrategy.FIELD_LEVEL_MERGE, Set.of(TaskField.DESCRIPTION)))
                .expectNoEvents()
                .expectResultMessagePayload(held(bobsText));
    }

    @Test
    void theInverseOfAnOperationTakesItsResultBackToTheTextBefore() {
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 500; i++) {
            String before = randomText(random);
            io.tandem.ot.TextOp op = io.tandem.ot.TextUnicode.diff(before, randomText(random));
            String after = io.tandem.ot.TextUnicode.apply(before, op);
            assertThat(io.tandem.ot.TextUnicode.apply(after, DescriptionHistory.inverse(op, before))).isEqualTo(before);
        }
    }

    private static String randomText(java.util.Random random) {
        String[] pieces = {"a", "b", "😀", " ", "é", "xy"};
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(8); n > 0; n--) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private static TaskMergeResult held(String clientText) {
        return new TaskMergeResult(2, MergeOutcome.CONFLICT, Set.of(TaskField.DESCRIPTION),
                Map.of("description", "Uno. Two. Three."), Map.of("description", clientText));
    }

    private static MergeTaskChangesCommand merge(String text, ConflictStrategy strategy, Set<TaskField> preserved) {
        return new MergeTaskChangesCommand(TASK, WS, descriptionOnly(text), 1L, strategy, preserved,
                java.time.Instant.parse("2026-12-02T10:00:00Z"));
    }

    @Test
    void descriptionsAreLimitedInCodePointsNotUtf16Units() {
        String astral = "😀".repeat(2000);
        fixture.given(created(""))
                .when(new UpdateTaskCommand(TASK, WS, descriptionOnly(astral), null, VersionCheck.NONE))
                .expectSuccessfulHandlerExecution();
        fixture.given(created(""))
                .when(new UpdateTaskCommand(TASK, WS, descriptionOnly(astral + "x"), null, VersionCheck.NONE))
                .expectException(rejected(ErrorCode.VALIDATION, "description"));
        assertThat(astral.length()).isEqualTo(4000);
    }

    private static EditTaskDescriptionCommand edit(long revision, String op, UUID client, long seq) {
        return new EditTaskDescriptionCommand(TASK, WS, revision, op, client, seq);
    }

    private static TaskFieldsChangedEvent edited(String text, long revision, String op, UUID client, Long seq) {
        return new TaskFieldsChangedEvent(TASK, WS, descriptionOnly(text), new DescriptionChange(revision, op, client, seq));
    }

    private static TaskChanges descriptionOnly(String text) {
        return new TaskChanges(EnumSet.of(TaskField.DESCRIPTION), null, text, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    private static TaskCreatedEvent created(String description) {
        return new TaskCreatedEvent(TASK, WS, CREATOR, "Task", description, Priority.MEDIUM, null, List.of(), null,
                null, false, null, false, null, TaskStatus.TODO, 0, false, null, 1, null);
    }
}
