package io.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Properties of the type over many seeded random texts and operations; a failure names the try and its seed, and
 * {@code -Dot.seed=N} changes the seed.
 */
class TextUnicodePropertiesTest {

    private static final long SEED = Long.getLong("ot.seed", 1_300_013L);

    @Test
    void concurrentOperationsConvergeInEitherOrder() {
        forAll("TP1", 5000, edits -> {
            String text = edits.text();
            TextOp a = edits.op(text);
            TextOp b = edits.op(text);
            String afterA = TextUnicode.apply(text, a);
            String afterB = TextUnicode.apply(text, b);
            assertThat(TextUnicode.apply(afterA, TextUnicode.transform(b, a, Side.LEFT)))
                    .isEqualTo(TextUnicode.apply(afterB, TextUnicode.transform(a, b, Side.RIGHT)));
            assertThat(TextUnicode.apply(afterB, TextUnicode.transform(a, b, Side.LEFT)))
                    .isEqualTo(TextUnicode.apply(afterA, TextUnicode.transform(b, a, Side.RIGHT)));
        });
    }

    @Test
    void composingGivesWhatApplyingInTurnGives() {
        forAll("compose", 5000, edits -> {
            String text = edits.text();
            TextOp first = edits.maybeUnnormalized(edits.op(text));
            String between = TextUnicode.apply(text, first);
            TextOp second = edits.maybeUnnormalized(edits.op(between));
            TextOp composed = TextUnicode.compose(first, second);
            assertThat(TextUnicode.apply(text, composed)).isEqualTo(TextUnicode.apply(between, second));
            assertThat(composed.isNormalized()).isTrue();
        });
    }

    @Test
    void normalizingKeepsTheResultAndChangesNoNormalizedOperation() {
        forAll("normalize", 3000, edits -> {
            String text = edits.text();
            TextOp op = edits.op(text);
            TextOp unnormalized = edits.unnormalized(op);
            TextOp normalized = TextUnicode.normalize(unnormalized);
            assertThat(TextUnicode.normalize(op)).isEqualTo(op);
            assertThat(normalized.isNormalized()).isTrue();
            assertThat(TextUnicode.apply(text, normalized)).isEqualTo(TextUnicode.apply(text, unnormalized));
            assertThat(TextUnicode.normalize(normalized.toTree())).isEqualTo(normalized);
        });
    }

    @Test
    void aCursorInsideTheTextStaysInsideIt() {
        forAll("cursor", 3000, edits -> {
            String text = edits.text();
            TextOp op = edits.op(text);
            int cursor = edits.random().nextInt(CodePoints.count(text) + 1);
            int moved = TextUnicode.transformPosition(cursor, op);
            assertThat(moved).isBetween(0, CodePoints.count(TextUnicode.apply(text, op)));
        });
    }

    @Test
    void diffIsTheEditBetweenTheCommonStartAndTheCommonEnd() {
        forAll("diff", 3000, edits -> {
            String before = edits.text();
            String after = edits.random().nextBoolean() ? TextUnicode.apply(before, edits.op(before)) : edits.text();
            TextOp diff = TextUnicode.diff(before, after);
            assertThat(TextUnicode.apply(before, diff)).isEqualTo(after);
            if (diff.isNoop()) {
                assertThat(before).isEqualTo(after);
                return;
            }

            int start = 0;
            int deleted = 0;
            String inserted = "";
            for (Component component : diff.components()) {
                if (component instanceof Component.Skip skip) {
                    assertThat(deleted).isZero();
                    assertThat(inserted).isEmpty();
                    start = skip.count();
                } else if (component instanceof Component.Delete delete) {
                    assertThat(inserted).isEmpty();
                    assertThat(delete.text()).isNull();
                    deleted = delete.count();
                } else {
                    inserted = ((Component.Insert) component).text();
                }
            }
            int[] old = before.codePoints().toArray();
            int[] now = after.codePoints().toArray();
            int end = old.length - start - deleted;
            int shorter = Math.min(old.length, now.length);
            assertThat(end).isEqualTo(now.length - start - CodePoints.count(inserted)).isNotNegative();
            assertThat(start == shorter || old[start] != now[start]).as("the common start is whole").isTrue();
            assertThat(end == shorter - start || old[old.length - 1 - end] != now[now.length - 1 - end])
                    .as("the common end is whole").isTrue();
        });
    }

    @Test
    void sitesThatKeepOneOperationInFlightConvergeWithTheServer() {
        int[] concurrent = new int[2];
        forAll("ShareDB clients", 400, edits -> {
            Random random = edits.random();
            Server server = new Server(edits.text(), concurrent);
            List<Site> sites = new ArrayList<>();
            int siteCount = 2 + random.nextInt(3);
            for (int i = 0; i < siteCount; i++) {
                sites.add(new Site(i, server.text, concurrent));
            }
            int steps = 20 + random.nextInt(80);
            for (int step = 0; step < steps; step++) {
                Site site = sites.get(random.nextInt(siteCount));
                switch (random.nextInt(3)) {
                    case 0 -> site.edit(edits.op(site.text));
                    case 1 -> {
                        if (!site.outbox.isEmpty()) {
                            server.receive(site.outbox.poll(), sites);
                        }
                    }
                    default -> {
                        if (!site.inbox.isEmpty()) {
                            site.receive(site.inbox.poll());
                        }
                    }
                }
            }
            boolean busy = true;
            while (busy) {
                busy = false;
                for (Site site : sites) {
                    while (!site.outbox.isEmpty()) {
                        server.receive(site.outbox.poll(), sites);
                        busy = true;
                    }
                }
                for (Site site : sites) {
                    while (!site.inbox.isEmpty()) {
                        site.receive(site.inbox.poll());
                        busy = true;
                    }
                }
            }
            for (Site site : sites) {
                assertThat(site.inflight).isNull();
                assertThat(site.pending).isNull();
                assertThat(site.revision).isEqualTo(server.history.size());
                assertThat(site.text).as("site " + site.id).isEqualTo(server.text);
            }
        });
        assertThat(concurrent[0]).as("operations the server transformed").isGreaterThan(1000);
        assertThat(concurrent[1]).as("arrivals a site rebased its own operations on").isGreaterThan(1000);
    }

    /** What the contract's server does: transform against each change since, in order, on the left; apply. */
    private static final class Server {
        private String text;
        private final List<TextOp> history = new ArrayList<>();
        private final int[] concurrent;

        Server(String text, int[] concurrent) {
            this.text = text;
            this.concurrent = concurrent;
        }

        void receive(Submission submission, List<Site> sites) {
            TextOp op = submission.op();
            if (submission.revision() < history.size()) {
                concurrent[0]++;
            }
            for (int revision = submission.revision(); revision < history.size(); revision++) {
                op = TextUnicode.transform(op, history.get(revision), Side.LEFT);
            }
            text = TextUnicode.apply(text, op);
            history.add(op);
            for (Site site : sites) {
                site.inbox.add(new Broadcast(submission.site(), op));
            }
        }
    }

    /** ShareDB's client: one operation in flight, the rest composed into one pending, both rebased on arrivals. */
    private static final class Site {
        private final int id;
        private String text;
        private int revision;
        private TextOp inflight;
        private TextOp pending;
        private final Deque<Submission> outbox = new ArrayDeque<>();
        private final Deque<Broadcast> inbox = new ArrayDeque<>();
        private final int[] concurrent;

        Site(int id, String text, int[] concurrent) {
            this.id = id;
            this.text = text;
            this.concurrent = concurrent;
        }

        void edit(TextOp op) {
            text = TextUnicode.apply(text, op);
            pending = pending == null ? op : TextUnicode.compose(pending, op);
            flush();
        }

        void receive(Broadcast broadcast) {
            revision++;
            if (broadcast.site() == id) {
                inflight = null;
                flush();
                return;
            }
            TextOp op = broadcast.op();
            if (inflight != null) {
                concurrent[1]++;
                TextOp rebased = TextUnicode.transform(inflight, op, Side.LEFT);
                op = TextUnicode.transform(op, inflight, Side.RIGHT);
                inflight = rebased;
            }
            if (pending != null) {
                TextOp rebased = TextUnicode.transform(pending, op, Side.LEFT);
                op = TextUnicode.transform(op, pending, Side.RIGHT);
                pending = rebased;
            }
            text = TextUnicode.apply(text, op);
        }

        private void flush() {
            if (inflight == null && pending != null) {
                inflight = pending;
                pending = null;
                outbox.add(new Submission(id, revision, inflight));
            }
        }
    }

    private record Submission(int site, int revision, TextOp op) {
    }

    private record Broadcast(int site, TextOp op) {
    }

    private static void forAll(String property, int tries, Consumer<RandomEdits> check) {
        for (int i = 0; i < tries; i++) {
            long seed = SEED * 1_000_003L + property.hashCode() * 10_007L + i;
            try {
                check.accept(new RandomEdits(new Random(seed)));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(property + " fails on try " + i + " (new Random(" + seed + "L)): "
                        + e.getMessage(), e);
            }
        }
    }
}
