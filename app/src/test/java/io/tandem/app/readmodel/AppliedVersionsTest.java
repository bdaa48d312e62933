package io.tandem.app.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.axonframework.config.EventProcessingConfiguration;

class AppliedVersionsTest {

    private final AppliedVersions versions = new AppliedVersions(
            new StaticListableBeanFactory().getBeanProvider(EventProcessingConfiguration.class));

    @Test
    void aWatchWakesWhenItsVersionOrALaterOneIsAnnounced() throws Exception {
        try (AppliedVersions.Watch watch = versions.watch("task-list", "t1", 3)) {
            CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> {
                try {
                    return watch.await(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            versions.applied("task-list", "t1", 2);
            assertThat(watch.await(Duration.ofMillis(50))).as("an older version is not enough").isFalse();
            versions.applied("task-list", "t1", 4);
            assertThat(woken.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anAnnouncementBeforeTheWatchIsRemembered() throws Exception {
        versions.applied("sync-log", "t2", 5);
        try (AppliedVersions.Watch watch = versions.watch("sync-log", "t2", 5)) {
            assertThat(watch.await(Duration.ZERO)).isTrue();
        }
        try (AppliedVersions.Watch later = versions.watch("sync-log", "t2", 6)) {
            assertThat(later.await(Duration.ofMillis(20))).isFalse();
        }
    }

    @Test
    void announcementsAreKeptApartByProcessorAndAggregate() throws Exception {
        try (AppliedVersions.Watch watch = versions.watch("task-list", "t3", 1)) {
            versions.applied("sync-log", "t3", 1);
            versions.applied("task-list", "other", 1);
            assertThat(watch.await(Duration.ofMillis(20))).isFalse();
        }
    }

    @Test
    void closedWatchesAreForgotten() {
        AppliedVersions.Watch a = versions.watch("workspaces", "w", 2);
        AppliedVersions.Watch b = versions.watch("workspaces", "w", 3);
        assertThat(versions.open()).isEqualTo(2);
        a.close();
        b.close();
        assertThat(versions.open()).isZero();
    }

    @Test
    void withoutAxonNothingIsAnnouncedForSure() {
        assertThat(versions.announces("task-list", "t4")).isFalse();
    }

    @Test
    void aParkedVersionWakesItsWatchesAsParked() throws Exception {
        try (AppliedVersions.Watch waiting = versions.watch("task-list", "t5", 2);
             AppliedVersions.Watch later = versions.watch("task-list", "t5", 4)) {
            versions.parked("task-list", "t5", 3);
            assertThat(waiting.await(Duration.ofSeconds(5))).isTrue();
            assertThat(waiting.parked()).isTrue();
            assertThat(later.await(Duration.ofMillis(20))).as("a later version is not parked yet").isFalse();
        }
    }

    @Test
    void aParkingBeforeTheWatchIsRememberedButAnAppliedVersionWins() throws Exception {
        versions.parked("task-list", "t6", 2);
        try (AppliedVersions.Watch watch = versions.watch("task-list", "t6", 2)) {
            assertThat(watch.await(Duration.ZERO)).isTrue();
            assertThat(watch.parked()).isTrue();
        }
        versions.applied("task-list", "t6", 2);
        try (AppliedVersions.Watch watch = versions.watch("task-list", "t6", 2)) {
            assertThat(watch.await(Duration.ZERO)).isTrue();
            assertThat(watch.parked()).as("retried and applied since").isFalse();
        }
    }
}
