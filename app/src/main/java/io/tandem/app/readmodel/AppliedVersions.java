package io.tandem.app.readmodel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tandem.api.ProcessingGroups;
import io.tandem.app.deadletter.DeadLetters;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tells a request waiting for its own write (see {@link ReadYourWrites}) the moment a projection of this process has
 * committed the aggregate version it waits for, so the request need not poll the read model. Each watched processor
 * gets an interceptor that, after its transaction commits, announces every domain event it handled as "aggregate X is
 * at version sequence + 1"; the latest announced versions are also remembered for a minute, so a watch opened just
 * after its announcement is answered at once. An event the processor parked in its dead-letter queue is not
 * announced as applied: the waiter hears instead that the aggregate is parked ({@link DeadLetters}).
 *
 * <p>Only a hint: when the segment that holds the aggregate is claimed by another replica, no announcement comes and
 * the waiter falls back to reading the read model at a short interval.
 */
public final class AppliedVersions {

    /** The processors whose progress writes wait for. */
    public static final Set<String> WATCHED = Set.of(ProcessingGroups.WORKSPACES, ProcessingGroups.TASK_LIST,
            ProcessingGroups.SYNC_LOG);

    private record Key(String processor, String aggregateId) {
    }

    private record Claims(List<Segment> segments, long checkedAt) {
    }

    /** How long an answer of {@link #announces} is reused: a moved segment costs at most this in waiting. */
    private static final long OWNERSHIP_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Map<String, Claims> claims = new ConcurrentHashMap<>();
    private final Map<Key, Set<Watch>> watches = new ConcurrentHashMap<>();
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final Cache<Key, Long> latest = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();
    private final Cache<Key, Long> parked = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();

    AppliedVersions(ObjectProvider<EventProcessingConfiguration> processing) {
        this.processing = processing;
    }

    /**
     * Whether this process's processor has claimed the segment that the sequence belongs to (by the processor's
     * sequencing policy: the aggregate for most, the workspace for the sync log), so that each version it applies
     * there is announced here; otherwise (another replica holds the segment, or the processor is stopped) a waiter
     * must look.
     */
    boolean announces(String processor, String sequenceIdentifier) {
        // Asked by every waiting request; the claims change rarely, so they are reused for a short while.
        long now = System.nanoTime();
        Claims known = claims.get(processor);
        if (known == null || now - known.checkedAt >= OWNERSHIP_RECHECK_NANOS) {
            known = new Claims(claimedSegments(processor), now);
            claims.put(processor, known);
        }
        return known.segments.stream().anyMatch(segment -> segment.matches(sequenceIdentifier));
    }

    private List<Segment> claimedSegments(String processor) {
        EventProcessingConfiguration configuration = processing.getIfAvailable();
        if (configuration == null) {
            return List.of();
        }
        return configuration.eventProcessor(processor, StreamingEventProcessor.class)
                .filter(StreamingEventProcessor::isRunning)
                .map(streaming -> streaming.processingStatus().values().stream()
                        .map(EventTrackerStatus::getSegment)
                        .toList())
                .orElse(List.of());
    }

    /** Starts watching for {@code version} (or a later one) of an aggregate in a processor's read model. */
    Watch watch(String processor, String aggregateId, long version) {
        Watch watch = new Watch(new Key(processor, aggregateId), version);
        watches.compute(watch.key, (key, set) -> {
            Set<Watch> result = set != null ? set : ConcurrentHashMap.newKeySet();
            result.add(watch);
            return result;
        });
        // Registered first, then checked: an announcement racing with the registration is seen by one or the other.
        Long known = latest.getIfPresent(watch.key);
        Long parkedAt = parked.getIfPresent(watch.key);
        if (known != null && known >= version) {
            watch.reached.countDown();
        } else if (parkedAt != null && parkedAt >= version) {
            watch.park();
        }
        return watch;
    }

    /**
     * A projection of this process has parked {@code aggregateId} at {@code version}: that version and every one
     * before it not applied yet (a sequence is parked from its first failure on) will not be readable until an
     * operator retries the sequence.
     */
    void parked(String processor, String aggregateId, long version) {
        Key key = new Key(processor, aggregateId);
        parked.asMap().merge(key, version, Math::max);
        Set<Watch> set = watches.get(key);
        if (set != null) {
            for (Watch watch : set) {
                if (watch.version <= version) {
                    watch.park();
                }
            }
        }
    }

    /** A projection of this process has committed {@code aggregateId} at {@code version}. */
    void applied(String processor, String aggregateId, long version) {
        Key key = new Key(processor, aggregateId);
        latest.asMap().merge(key, version, Math::max);
        Set<Watch> set = watches.get(key);
        if (set != null) {
            for (Watch watch : set) {
                if (watch.version <= version) {
                    watch.reached.countDown();
                }
            }
        }
    }

    /** How many watches are open (for tests: a closed watch must not linger). */
    int open() {
        return watches.values().stream().mapToInt(Set::size).sum();
    }

    /** One waiting request's interest in a version; close it when done. */
    final class Watch implements AutoCloseable {
        private final Key key;
        private final long version;
        private final CountDownLatch reached = new CountDownLatch(1);
        private volatile boolean parked;

        private Watch(Key key, long version) {
            this.key = key;
            this.version = version;
        }

        /** Whether the version (or a later one) has been announced already, applied or parked. */
        boolean announced() {
            return reached.getCount() == 0;
        }

        /** Whether the announcement was that the version is parked, not applied. */
        boolean parked() {
            return parked;
        }

        private void park() {
            parked = true;
            reached.countDown();
        }

        /** Waits until the version is announced or {@code max} passes; true when it was announced. */
        boolean await(Duration max) throws InterruptedException {
            return reached.await(max.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
            watches.computeIfPresent(key, (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /**
     * Announces, after each committed batch of the watched processors, the versions it applied; those it parked are
     * announced by the dead-letter queue instead.
     */
    static MessageHandlerInterceptor<EventMessage<?>> announcer(AppliedVersions versions, String processor) {
        return (unitOfWork, chain) -> {
            if (unitOfWork.getMessage() instanceof DomainEventMessage<?> event) {
                String aggregateId = event.getAggregateIdentifier();
                long version = event.getSequenceNumber() + 1;
                String eventId = event.getIdentifier();
                unitOfWork.afterCommit(done -> {
                    if (!DeadLetters.parkedInBatch(done, eventId)) {
                        versions.applied(processor, aggregateId, version);
                    }
                });
            }
            return chain.proceed();
        };
    }

    @Configuration(proxyBeanMethods = false)
    static class Wiring {

        @Bean
        AppliedVersions appliedVersions(ObjectProvider<EventProcessingConfiguration> processing, DeadLetters deadLetters) {
            AppliedVersions versions = new AppliedVersions(processing);
            deadLetters.addListener((processor, sequence, event) -> {
                if (WATCHED.contains(processor) && event instanceof DomainEventMessage<?> domain) {
                    versions.parked(processor, domain.getAggregateIdentifier(), domain.getSequenceNumber() + 1);
                }
            });
            return versions;
        }

        @Bean
        ConfigurerModule announceAppliedVersions(AppliedVersions versions) {
            return configurer -> configurer.eventProcessing(processing -> WATCHED.forEach(processor ->
                    processing.registerHandlerInterceptor(processor, c -> announcer(versions, processor))));
        }
    }
}
