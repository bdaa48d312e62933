package io.tandem.app.deadletter;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.tandem.api.ProcessingGroups;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jpa.JpaDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The dead letters of the processors that park poison events: how many there are, what they are (never their
 * payload), retrying them, and the news that a sequence was just parked.
 */
@Component
public class DeadLetters {

    /**
     * The processors that park an event they cannot handle. The sync log and the audit log are not among them: each
     * must hold every event, in order, without a gap (a pull or a history page that skipped a parked event would
     * never see it), so they stop and retry instead. The data-keys and sync-conflicts processors act on deletions
     * only; a deletion that is not carried out must hold everything after it back, not be set aside.
     */
    public static final List<String> PROCESSORS = List.of(ProcessingGroups.WORKSPACES, ProcessingGroups.TASK_LIST,
            ProcessingGroups.SEARCH, ProcessingGroups.ANALYTICS);

    /** Hears, after the batch that parked it has committed, that an event was parked in its sequence. */
    public interface ParkedListener {
        void parked(String processor, String sequenceIdentifier, EventMessage<?> event);
    }

    /** How many letters and sequences (aggregates) one processor has parked. */
    public record Count(long letters, long sequences) {
    }

    /** One parked event as an operator sees it: where it is, what it was, why it failed; no payload. */
    public record Letter(String processor, String sequenceIdentifier, long index, String eventType,
                         String aggregateIdentifier, Long aggregateSequenceNumber, Instant enqueuedAt,
                         Instant lastTouched, String causeType, String causeMessage) {
    }

    /** What a retry did: sequences whose every letter was applied, and sequences that are still parked. */
    public record RetryOutcome(String processor, int applied, int stillParked) {
    }

    /** How long {@link #recentCounts()} reuses a count: metrics scrapes ask for each processor and kind. */
    private static final long COUNTS_REUSE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private record Counted(Map<String, Count> counts, long at) {
    }

    private volatile Counted counted;
    private final List<ParkedListener> listeners = new CopyOnWriteArrayList<>();
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final JdbcClient jdbc;

    public DeadLetters(ObjectProvider<EventProcessingConfiguration> processing, JdbcClient jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    public void addListener(ParkedListener listener) {
        listeners.add(listener);
    }

    void parked(String processor, String sequenceIdentifier, EventMessage<?> event) {
        for (ParkedListener listener : listeners) {
            listener.parked(processor, sequenceIdentifier, event);
        }
    }

    /** Whether the batch of {@code unitOfWork} has parked the event with this identifier (rather than applied it). */
    public static boolean parkedInBatch(UnitOfWork<?> unitOfWork, String eventIdentifier) {
        return ObservedQueue.parkedIn(unitOfWork, eventIdentifier);
    }

    /** Whether the processor holds parked events of the sequence (asks the queue, so it knows of every replica). */
    public boolean isParked(String processor, String sequenceIdentifier) {
        return processor != null && PROCESSORS.contains(processor) && queue(processor).map(q -> q.contains(sequenceIdentifier)).orElse(false);
    }

    /** Which of these sequences the processor holds parked events of. */
    public Set<String> parkedAmong(String processor, Collection<String> sequenceIdentifiers) {
        Set<String> parked = new HashSet<>();
        List<String> all = List.copyOf(sequenceIdentifiers);
        for (int from = 0; from < all.size(); from += 1000) {
            parked.addAll(jdbc.sql("""
                            SELECT DISTINCT sequence_identifier FROM dead_letter_entry
                             WHERE processing_group = :processor AND sequence_identifier IN (:sequences)
                            """)
                    .param("processor", processor)
                    .param("sequences", all.subList(from, Math.min(all.size(), from + 1000)))
                    .query(String.class)
                    .list());
        }
        return parked;
    }

    /** Letters and sequences per processor, every processor of {@link #PROCESSORS} listed. */
    public Map<String, Count> counts() {
        Map<String, Count> counts = new java.util.LinkedHashMap<>();
        PROCESSORS.forEach(p -> counts.put(p, new Count(0, 0)));
        jdbc.sql("""
                        SELECT processing_group, count(*) AS letters, count(DISTINCT sequence_identifier) AS sequences
                          FROM dead_letter_entry GROUP BY processing_group
                        """)
                .query((rs, n) -> Map.entry(rs.getString(1), new Count(rs.getLong(2), rs.getLong(3))))
                .list()
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /** Like {@link #counts()}, reused for a few seconds. */
    public Map<String, Count> recentCounts() {
        Counted known = counted;
        long now = System.nanoTime();
        if (known == null || now - known.at() > COUNTS_REUSE_NANOS) {
            known = new Counted(counts(), now);
            counted = known;
        }
        return known.counts();
    }

    /** The parked events, oldest sequence first, at most {@code limit}; one processor or all. */
    public List<Letter> list(String processor, int limit) {
        return jdbc.sql("""
                        SELECT processing_group, sequence_identifier, sequence_index, payload_type, aggregate_identifier,
                               sequence_number, enqueued_at, last_touched, cause_type, cause_message
                          FROM dead_letter_entry
                         WHERE (CAST(:processor AS varchar) IS NULL OR processing_group = :processor)
                         ORDER BY processing_group, enqueued_at, sequence_identifier, sequence_index
                         LIMIT :limit
                        """)
                .param("processor", processor)
                .param("limit", limit)
                .query((rs, n) -> new Letter(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), (Long) rs.getObject(6), instant(rs.getObject(7, OffsetDateTime.class)),
                        instant(rs.getObject(8, OffsetDateTime.class)), rs.getString(9), rs.getString(10)))
                .list();
    }

    /**
     * Hands the parked events of one sequence, or of every sequence, back to the processor's handlers, oldest first.
     * A sequence whose letters all apply leaves the queue; one that fails again stays, with its new cause, and what
     * follows it in the sequence stays behind it.
     */
    public RetryOutcome retry(String processor, String sequenceIdentifier) {
        SequencedDeadLetterProcessor<EventMessage<?>> retrier = processing.getObject()
                .sequencedDeadLetterProcessor(processor)
                .orElseThrow(() -> new IllegalArgumentException("No dead-letter queue for processor " + processor));
        List<String> sequences = sequenceIdentifier != null ? List.of(sequenceIdentifier) : sequences(processor);
        int applied = 0;
        int stillParked = 0;
        for (String sequence : sequences) {
            Predicate<DeadLetter<? extends EventMessage<?>>> inSequence = letter ->
                    letter instanceof JpaDeadLetter<?> stored && sequence.equals(stored.getSequenceIdentifier());
            if (retrier.process(inSequence)) {
                applied++;
            } else if (isParked(processor, sequence)) {
                stillParked++;
            }
        }
        return new RetryOutcome(processor, applied, stillParked);
    }

    private List<String> sequences(String processor) {
        return jdbc.sql("""
                        SELECT sequence_identifier FROM dead_letter_entry WHERE processing_group = :processor
                         GROUP BY sequence_identifier ORDER BY min(enqueued_at)
                        """)
                .param("processor", processor)
                .query(String.class)
                .list();
    }

    private Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue(String processor) {
        EventProcessingConfiguration configuration = processing.getIfAvailable();
        return configuration == null ? Optional.empty() : configuration.deadLetterQueue(processor);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
