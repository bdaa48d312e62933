package io.tandem.app.web;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tandem.api.ProcessingGroups;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
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
 * after its announcement is answered at once.
 *
 * <p>Only a hint: when the projection runs in another replica (its segment is claimed there), no announcement comes
 * and the waiter falls back to reading the read model at a short interval.
 */
public final class AppliedVersions {

    /** The processors whose progress writes wait for. */
    public static final Set<String> WATCHED = Set.of(ProcessingGroups.WORKSPACES, ProcessingGroups.TASK_LIST,
            ProcessingGroups.SYNC_LOG);

    private record Key(String processor, String aggregateId) {
    }

    private record Ownership(boolean ownsAll, long checkedAt) {
    }

    /** How long an answer of {@link #announcesAll} is reused: a moved segment costs at most this in waiting. */
    private static final long OWNERSHIP_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Map<String, Ownership> ownership = new ConcurrentHashMap<>();
    private final Map<Key, Set<Watch>> watches = new ConcurrentHashMap<>();
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final Cache<Key, Long> latest = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();

    AppliedVersions(ObjectProvider<EventProcessingConfiguration> processing) {
        this.processing = processing;
    }

    /**
     * Whether this process's processor has claimed every segment of its stream, so that each version it applies is
     * announced here; otherwise (another replica holds a segment, or the processor is stopped) a waiter must look.
     */
    boolean announcesAll(String processor) {
        // Asked by every waiting request; the claims change rarely, so the answer is reused for a short while.
        long now = System.nanoTime();
        Ownership known = ownership.get(processor);
        if (known != null && now - known.checkedAt < OWNERSHIP_RECHECK_NANOS) {
            return known.ownsAll;
        }
        boolean ownsAll = checkOwnsAll(processor);
        ownership.put(processor, new Ownership(ownsAll, now));
        return ownsAll;
    }

    private boolean checkOwnsAll(String processor) {
        EventProcessingConfiguration configuration = processing.getIfAvailable();
        if (configuration == null) {
            return false;
        }
        return configuration.eventProcessor(processor, StreamingEventProcessor.class)
                .filter(StreamingEventProcessor::isRunning)
                .map(AppliedVersions::ownsAllSegments)
                .orElse(false);
    }

    private static boolean ownsAllSegments(StreamingEventProcessor processor) {
        // Claimed segments cover the whole stream when their fractions add up to one (a segment's mask + 1 is the
        // number of segments of its size).
        double covered = processor.processingStatus().values().stream()
                .mapToDouble(status -> 1.0 / (status.getSegment().getMask() + 1)).sum();
        return covered > 0.999;
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
        if (known != null && known >= version) {
            watch.reached.countDown();
        }
        return watch;
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

        private Watch(Key key, long version) {
            this.key = key;
            this.version = version;
        }

        /** Whether the version (or a later one) has been announced already. */
        boolean announced() {
            return reached.getCount() == 0;
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

    /** Announces, after each committed batch of the watched processors, the versions it applied. */
    static MessageHandlerInterceptor<EventMessage<?>> announcer(AppliedVersions versions, String processor) {
        return (unitOfWork, chain) -> {
            if (unitOfWork.getMessage() instanceof DomainEventMessage<?> event) {
                String aggregateId = event.getAggregateIdentifier();
                long version = event.getSequenceNumber() + 1;
                unitOfWork.afterCommit(done -> versions.applied(processor, aggregateId, version));
            }
            return chain.proceed();
        };
    }

    @Configuration(proxyBeanMethods = false)
    static class Wiring {

        @Bean
        AppliedVersions appliedVersions(ObjectProvider<EventProcessingConfiguration> processing) {
            return new AppliedVersions(processing);
        }

        @Bean
        ConfigurerModule announceAppliedVersions(AppliedVersions versions) {
            return configurer -> configurer.eventProcessing(processing -> WATCHED.forEach(processor ->
                    processing.registerHandlerInterceptor(processor, c -> announcer(versions, processor))));
        }
    }
}
