package io.tandem.projection.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

import io.tandem.api.ProcessingGroups;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the search index by replay, without downtime: a new index {@code <prefix>-v<n+1>} gets the current
 * mapping and the write alias, the "search" processor's tokens are reset to the start of the event store so that
 * it replays every event into it, and once the replay has caught up (and the new index is refreshed) the read alias
 * moves to it in one atomic step and the old index is deleted. Until then searches keep answering from the old index (without the changes made during the rebuild).
 *
 * <p>Run with {@code --tandem.search.rebuild=true} (or {@code TANDEM_SEARCH_REBUILD=true}) on one instance; the
 * rebuild runs after startup while the instance already serves requests. Other replicas must not hold the "search"
 * processor's segment at that moment (the token store refuses to reset a token another node has claimed), so
 * rebuild on a single running replica.
 *
 * <p>The tokens are reset by storing the initial (empty) token rather than with
 * {@link StreamingEventProcessor#resetTokens()}: the new index starts empty, so there is nothing for a reset handler
 * to clear and no reason to tell the handlers they are replaying. Replaying from an empty token delivers the same
 * events, and the processor is caught up as soon as it reaches the head.
 */
@Component
public class SearchRebuild implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SearchRebuild.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final SearchIndex index;
    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final TransactionManager transactions;
    private final SearchProperties properties;

    SearchRebuild(SearchIndex index, EventProcessingConfiguration processing, TokenStore tokenStore,
                  TransactionManager transactions, SearchProperties properties) {
        this.index = index;
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.rebuild()) {
            rebuild();
        }
    }

    /** Replays into a new index and switches to it; answers the new index's name. */
    public String rebuild() {
        StreamingEventProcessor processor = processing
                .eventProcessor(ProcessingGroups.SEARCH, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No streaming processor '" + ProcessingGroups.SEARCH + "'"));
        try {
            index.ensureExists();
            String old = index.currentIndex();
            String next = index.indexName(index.generation(old) + 1);
            log.info("Rebuilding the search index: replaying into {} while {} answers searches", next, old);
            index.createEmpty(next);
            processor.shutDown();
            try {
                index.moveWriteAlias(old, next);
                resetToStart(processor.getName());
            } finally {
                processor.start();
            }
            awaitReplayed(processor);
            // The replay's last writes become searchable at the new index's next periodic refresh; searches that
            // move to it must find at once what the old index answered.
            index.refresh();
            index.moveReadAlias(old, next);
            index.delete(old);
            log.info("Search index rebuilt: {} now answers searches, {} deleted", next, old);
            return next;
        } catch (IOException e) {
            throw new UncheckedIOException("Search index rebuild failed", e);
        }
    }

    private void resetToStart(String processorName) {
        transactions.executeInTransaction(() -> {
            for (int segment : tokenStore.fetchSegments(processorName)) {
                tokenStore.storeToken(null, processorName, segment);
                tokenStore.releaseClaim(processorName, segment);
            }
            // The replay handles every event again and parks anew what still fails; the letters parked before
            // would only queue each event twice.
            processing.deadLetterQueue(processorName).ifPresent(SequencedDeadLetterQueue::clear);
        });
    }

    private void awaitReplayed(StreamingEventProcessor processor) {
        long deadline = System.nanoTime() + properties.rebuildTimeout().toNanos();
        while (!replayed(processor.processingStatus())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The search replay did not catch up within " + properties.rebuildTimeout()
                        + "; searches still use the old index, the write alias points at the new one");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the search replay", e);
            }
        }
    }

    private static boolean replayed(Map<Integer, EventTrackerStatus> status) {
        // Every segment claimed (their fractions of the stream add up to one: a segment's mask + 1 is the number of
        // segments of its size), and each caught up.
        double covered = status.values().stream().mapToDouble(s -> 1.0 / (s.getSegment().getMask() + 1)).sum();
        return covered > 0.999 && status.values().stream()
                .allMatch(s -> s.isCaughtUp() && !s.isReplaying() && !s.isErrorState());
    }
}
