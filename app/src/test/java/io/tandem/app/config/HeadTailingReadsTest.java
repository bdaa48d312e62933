package io.tandem.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.LongStream;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.junit.jupiter.api.Test;

/** The head's reads: batch after batch from the last event's token, ending at the first batch that is not full. */
class HeadTailingReadsTest {

    private static final int BATCH = 3;

    @Test
    void aShortBatchEndsTheStreamWithoutAnotherRead() {
        Store store = new Store(5);
        List<Long> read = HeadTailingReads.untilShortBatch(null, BATCH, store).map(HeadTailingReadsTest::index).toList();
        assertThat(read).containsExactly(1L, 2L, 3L, 4L, 5L);
        // The second batch held two of three: the store was at its head, a third read could only answer nothing.
        assertThat(store.askedAfter).containsExactly(null, 3L);
    }

    @Test
    void fullBatchesAreFollowedUntilOneIsNot() {
        Store store = new Store(6);
        List<Long> read = HeadTailingReads.untilShortBatch(new GlobalSequenceTrackingToken(0), BATCH, store)
                .map(HeadTailingReadsTest::index).toList();
        assertThat(read).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(store.askedAfter).containsExactly(0L, 3L, 6L);
    }

    @Test
    void nothingNewIsOneRead() {
        Store store = new Store(2);
        assertThat(HeadTailingReads.untilShortBatch(new GlobalSequenceTrackingToken(2), BATCH, store)).isEmpty();
        assertThat(store.askedAfter).containsExactly(2L);
    }

    private static long index(TrackedEventData<?> event) {
        return ((GlobalSequenceTrackingToken) event.trackingToken()).getGlobalIndex();
    }

    /** Events 1..size; notes the token each read starts after. */
    private static final class Store implements BiFunction<TrackingToken, Integer, List<? extends TrackedEventData<?>>> {
        private final long size;
        private final List<Long> askedAfter = new ArrayList<>();

        Store(long size) {
            this.size = size;
        }

        @Override
        public List<? extends TrackedEventData<?>> apply(TrackingToken after, Integer batchSize) {
            long from = after == null ? 0 : ((GlobalSequenceTrackingToken) after).getGlobalIndex();
            askedAfter.add(after == null ? null : from);
            return LongStream.rangeClosed(from + 1, Math.min(size, from + batchSize))
                    .mapToObj(i -> new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(i),
                            new GenericDomainEventEntry<>("Task", "task-" + i, 0, "event-" + i, "2026-12-03T00:00:00Z",
                                    "TaskCreated", null, new byte[0], new byte[0])))
                    .toList();
        }
    }
}
