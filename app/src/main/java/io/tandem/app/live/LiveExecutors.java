package io.tandem.app.live;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The threads of live delivery, kept apart so that no caller ever waits on a client: the sync log's thread hands
 * operations to {@link #inOrder}, Redis's listener thread hands frames to {@link #delivery}, and presence's Redis
 * calls and heartbeats run on {@link #scheduler}.
 */
@Component
class LiveExecutors {

    private static final Logger log = LoggerFactory.getLogger(LiveExecutors.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    final ExecutorService delivery;
    final ScheduledExecutorService scheduler;
    private final ExecutorService framing;
    private final ConcurrentHashMap<Object, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    LiveExecutors(LiveProperties properties) {
        this.delivery = Executors.newFixedThreadPool(properties.deliveryThreads(), named("live-delivery"));
        this.framing = Executors.newFixedThreadPool(2, named("live-framing"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("live-presence"));
    }

    /**
     * Runs {@code task} after every task submitted earlier with the same key (a workspace keeps its frames in the
     * order of its sync log), while tasks of different keys run side by side.
     */
    void inOrder(Object key, Runnable task) {
        if (framing.isShutdown()) {
            return;
        }
        CompletableFuture<Void> next = tails.compute(key, (k, tail) -> (tail == null ? DONE : tail)
                .thenRunAsync(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.warn("Live frame for {} not published", key, e);
                    }
                }, framing));
        next.whenComplete((ignored, error) -> tails.remove(key, next));
    }

    @PreDestroy
    void shutdown() {
        framing.shutdownNow();
        delivery.shutdownNow();
        scheduler.shutdownNow();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
