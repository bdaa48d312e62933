package io.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Asks the npm package {@code ot-text-unicode} (run by the machine's Node.js) the same random questions as this
 * implementation and expects the same JSON answers, or a rejection from both. The cases come from a fixed seed,
 * printed to the test's output; {@code -Dot.seed=N} repeats a run, {@code -Dot.cases=N} sets cases per kind.
 */
class ReferenceDifferentialTest {

    private static final long SEED = Long.getLong("ot.seed", 1_300_013L);
    private static final int CASES = Integer.getInteger("ot.cases", 5000);
    private static final int BATCH = 1000;
    private static final String REJECTED = "<rejected>";

    private static ReferenceImplementation reference;

    @BeforeAll
    static void startReference() throws Exception {
        System.out.println("ot differential test: seed " + SEED + ", " + CASES + " cases per kind");
        reference = ReferenceImplementation.start();
    }

    @AfterAll
    static void stopReference() throws Exception {
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void applyGivesTheReferencesText() throws IOException {
        RandomEdits edits = edits(1);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            String text = edits.text();
            TextOp op = edits.random().nextInt(20) == 0
                    ? TextOp.insert(CodePoints.count(text) + 1 + edits.random().nextInt(3), edits.word())
                    : edits.maybeUnnormalized(edits.op(text));
            cases.add(new Case(request("apply", "doc", text, "op", op.toTree()),
                    java(() -> TextUnicode.apply(text, op))));
        }
        assertSameAnswers("apply", cases);
    }

    @Test
    void composeGivesTheReferencesOperation() throws IOException {
        RandomEdits edits = edits(2);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            String text = edits.text();
            TextOp first = edits.maybeUnnormalized(edits.op(text));
            TextOp second = edits.maybeUnnormalized(edits.op(TextUnicode.apply(text, first)));
            cases.add(new Case(request("compose", "a", first.toTree(), "b", second.toTree()),
                    java(() -> TextUnicode.compose(first, second).toTree())));
        }
        assertSameAnswers("compose", cases);
    }

    @Test
    void transformGivesTheReferencesOperationOnBothSides() throws IOException {
        RandomEdits edits = edits(3);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            String text = edits.text();
            TextOp op = edits.maybeUnnormalized(edits.op(text));
            TextOp other = edits.maybeUnnormalized(edits.op(text));
            for (Side side : Side.values()) {
                cases.add(new Case(
                        request("transform", "op", op.toTree(), "other", other.toTree(), "side", side.wireName()),
                        java(() -> TextUnicode.transform(op, other, side).toTree())));
            }
        }
        assertSameAnswers("transform", cases);
    }

    @Test
    void transformPositionAndSelectionGiveTheReferencesCursors() throws IOException {
        RandomEdits edits = edits(4);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            String text = edits.text();
            TextOp op = edits.maybeUnnormalized(edits.op(text));
            int cursor = edits.cursor(text);
            cases.add(new Case(request("transformPosition", "cursor", cursor, "op", op.toTree()),
                    java(() -> TextUnicode.transformPosition(cursor, op))));
            if (i % 5 == 0) {
                Selection selection = new Selection(cursor, edits.cursor(text));
                cases.add(new Case(
                        request("transformSelection", "selection", List.of(selection.anchor(), selection.head()),
                                "op", op.toTree()),
                        java(() -> {
                            Selection moved = TextUnicode.transformSelection(selection, op);
                            return List.of(moved.anchor(), moved.head());
                        })));
            }
        }
        assertSameAnswers("transformPosition", cases);
    }

    @Test
    void normalizeGivesTheReferencesOperation() throws IOException {
        RandomEdits edits = edits(5);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            List<Object> tree = i % 2 == 0 ? edits.looseTree() : edits.unnormalized(edits.op(edits.text())).toTree();
            cases.add(new Case(request("normalize", "op", tree),
                    java(() -> TextUnicode.normalize(tree).toTree())));
        }
        assertSameAnswers("normalize", cases);
    }

    @Test
    void checkOpAcceptsAndRejectsWhatTheReferenceDoes() throws IOException {
        RandomEdits edits = edits(6);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            Object tree = edits.checkOpTree();
            cases.add(new Case(request("checkOp", "op", tree), java(() -> {
                TextOp.fromTree(tree);
                return true;
            })));
        }
        assertSameAnswers("checkOp", cases);
    }

    private record Case(Map<String, Object> request, Object java) {
    }

    private static RandomEdits edits(int kind) {
        return new RandomEdits(new Random(SEED * 31 + kind));
    }

    private static Map<String, Object> request(String function, Object... namesAndValues) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("fn", function);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            request.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return request;
    }

    private static Object java(Supplier<Object> answer) {
        try {
            return answer.get();
        } catch (InvalidOpException e) {
            return REJECTED;
        }
    }

    private static void assertSameAnswers(String kind, List<Case> cases) throws IOException {
        List<String> mismatches = new ArrayList<>();
        int rejected = 0;
        for (int from = 0; from < cases.size(); from += BATCH) {
            List<Case> batch = cases.subList(from, Math.min(from + BATCH, cases.size()));
            List<Map<String, Object>> answers = reference.answer(batch.stream().map(Case::request).toList());
            for (int i = 0; i < batch.size(); i++) {
                Case c = batch.get(i);
                Map<String, Object> answer = answers.get(i);
                boolean referenceRejects = answer.containsKey("error");
                Object expected = referenceRejects ? REJECTED : answer.get("ok");
                if (referenceRejects) {
                    rejected++;
                }
                if (!Objects.equals(c.java(), expected)) {
                    mismatches.add("case " + (from + i) + ": " + ReferenceImplementation.json(c.request())
                            + "\n  java:      " + ReferenceImplementation.json(c.java())
                            + "\n  reference: " + ReferenceImplementation.json(answer));
                }
            }
        }
        System.out.println(kind + ": " + cases.size() + " cases, " + rejected + " rejected by both, "
                + mismatches.size() + " different");
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " of " + cases.size() + " " + kind + " cases differ from the reference (seed "
                    + SEED + "); the first:\n" + String.join("\n", mismatches.subList(0, Math.min(10,
                    mismatches.size()))));
        }
        assertThat(cases.size() - rejected).as("cases with an answer to compare").isPositive();
    }
}
