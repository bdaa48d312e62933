package io.tandem.app.readmodel;

import io.tandem.app.problem.ApiException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.config.EventProcessingConfiguration;
import io.tandem.app.deadletter.DeadLetters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class ReadYourWritesTest {

    private final AppliedVersions applied = new AppliedVersions(
            new StaticListableBeanFactory().getBeanProvider(EventProcessingConfiguration.class));
    private static final UUID LONE = UUID.randomUUID();

    private final DeadLetters deadLetters = new DeadLetters(
            new StaticListableBeanFactory().getBeanProvider(EventProcessingConfiguration.class), null);

    @Test
    void aVersionAlreadyInTheReadModelAnswersWithoutWaitingForAnAnnouncement() {
        // An hour between reads: only the first read can end this wait in time.
        ReadYourWrites readYourWrites = new ReadYourWrites(null, applied, deadLetters, Duration.ofHours(2), Duration.ofHours(1));
        AtomicInteger reads = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> readYourWrites.await("task-list", LONE, LONE, 3, false, () -> {
                    reads.incrementAndGet();
                    return 3;
                }));
        assertThat(reads).hasValue(1);
        assertThat(applied.open()).isZero();
    }

    @Test
    void anAnnouncementEndsTheWaitWithoutAnotherRead() {
        ReadYourWrites readYourWrites = new ReadYourWrites(null, applied, deadLetters, Duration.ofHours(2), Duration.ofHours(1));
        UUID taskId = UUID.randomUUID();
        AtomicInteger reads = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> readYourWrites.await("task-list", taskId, taskId, 2, false, () -> {
            if (reads.incrementAndGet() == 1) {
                applied.applied("task-list", taskId.toString(), 2);
            }
            return 1;
        }));
        assertThat(reads).hasValue(1);
    }

    @Test
    void aVersionThatNeverShowsAnswersUnavailable() {
        ReadYourWrites readYourWrites = new ReadYourWrites(null, applied, deadLetters, Duration.ofMillis(50), Duration.ofMillis(10));
        assertThatThrownBy(() -> readYourWrites.await("sync-log", LONE, LONE, 5, false, () -> 4))
                .isInstanceOf(ApiException.class);
        assertThat(applied.open()).isZero();
    }

    @Test
    void aVersionAnnouncedAlreadyAnswersWithoutReading() {
        ReadYourWrites readYourWrites = new ReadYourWrites(null, applied, deadLetters, Duration.ofHours(2), Duration.ofHours(1));
        UUID taskId = UUID.randomUUID();
        applied.applied("task-list", taskId.toString(), 4);
        AtomicInteger reads = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> readYourWrites.await("task-list", taskId, taskId, 3, false, () -> {
            reads.incrementAndGet();
            return 0;
        }));
        assertThat(reads).hasValue(0);
        assertThat(applied.open()).isZero();
    }

    @Test
    void aJustWrittenVersionIsReadAtOnceWhenThisProcessWillNotAnnounceIt() {
        // No processor runs here, so no announcement can come: only reading ends the wait in time.
        ReadYourWrites readYourWrites = new ReadYourWrites(null, applied, deadLetters, Duration.ofHours(2), Duration.ofHours(1));
        AtomicInteger reads = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> readYourWrites.await("task-list", LONE, LONE, 1, true, () -> {
                    reads.incrementAndGet();
                    return 1;
                }));
        assertThat(reads).hasValue(1);
    }

    @Test
    void aParkedVersionEndsTheWaitAtOnce() {
        ReadYourWrites readYourWrites = new ReadYourWrites(null, applied, deadLetters, Duration.ofHours(2), Duration.ofHours(1));
        UUID taskId = UUID.randomUUID();
        AtomicInteger reads = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                () -> readYourWrites.await("task-list", taskId, taskId, 2, false, () -> {
                    if (reads.incrementAndGet() == 1) {
                        applied.parked("task-list", taskId.toString(), 2);
                    }
                    return 1;
                }))
                .isInstanceOfSatisfying(ReadModelParked.class, parked -> {
                    assertThat(parked.aggregateId()).isEqualTo(taskId);
                    assertThat(parked.version()).isEqualTo(2);
                }));
        assertThat(reads).hasValue(1);
        assertThat(applied.open()).isZero();
    }

    @Test
    void aVersionParkedBeforeTheWaitAnswersWithoutReading() {
        ReadYourWrites readYourWrites = new ReadYourWrites(null, applied, deadLetters, Duration.ofHours(2), Duration.ofHours(1));
        UUID taskId = UUID.randomUUID();
        applied.parked("task-list", taskId.toString(), 3);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                () -> readYourWrites.await("task-list", taskId, taskId, 3, true, () -> 0))
                .isInstanceOf(ReadModelParked.class));
    }
}
