package io.tandem.app.config;

import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;

/**
 * The stream of tracked events that the embedded event store's producer reads from the head, batch by batch, ending
 * with the first batch that is not full.
 *
 * <p>Axon's batching storage engines end that stream only at an empty batch. The producer, woken by each commit,
 * fetched the new event, then an empty batch to end the stream, then (as it had found something) read again: three
 * queries per commit, two of which could only answer nothing. A batch short of the batch size already says that the
 * store had no more at that moment; the producer's own next read finds whatever committed since, gaps filled late
 * included (the token carries them). Consumers that read behind the head (their private streams) keep Axon's streams.
 */
final class HeadTailingReads {

    private HeadTailingReads() {
    }

    /** Batches from {@code fetch} (token, batch size), from {@code token} on, until one comes back short. */
    static Stream<? extends TrackedEventData<?>> untilShortBatch(
            TrackingToken token, int batchSize,
            BiFunction<TrackingToken, Integer, List<? extends TrackedEventData<?>>> fetch) {
        Spliterator<TrackedEventData<?>> batches = new Spliterators.AbstractSpliterator<>(
                Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
            private TrackingToken last = token;
            private Iterator<? extends TrackedEventData<?>> current = null;
            private boolean lastBatch = false;

            @Override
            public boolean tryAdvance(Consumer<? super TrackedEventData<?>> action) {
                if (current == null || !current.hasNext()) {
                    if (lastBatch) {
                        return false;
                    }
                    List<? extends TrackedEventData<?>> batch = fetch.apply(last, batchSize);
                    lastBatch = batch.size() < batchSize;
                    current = batch.iterator();
                    if (!current.hasNext()) {
                        return false;
                    }
                }
                TrackedEventData<?> next = current.next();
                last = next.trackingToken();
                action.accept(next);
                return true;
            }
        };
        return StreamSupport.stream(batches, false);
    }
}
