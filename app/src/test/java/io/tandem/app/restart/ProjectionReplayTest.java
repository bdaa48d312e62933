package io.tandem.app.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.OwnInstance;
import io.tandem.app.support.TestDependencies;
import io.tandem.app.support.TestDependencyInitializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import tools.jackson.databind.JsonNode;

/**
 * An operator rebuilds relational read models by replay: one instance started with {@code tandem.replay}
 * ({@code TANDEM_REPLAY}) stops the named processors, resets their tokens and starts them again. The reset stores a
 * replay token, which must be readable again for the processor to claim its segment; the reset handlers empty the
 * read models, and the replay brings back exactly what was there, even rows lost meanwhile. Live events then follow.
 */
class ProjectionReplayTest {

    private static final String DATABASE = "tandem_replay_test";
    private static final String PASSWORD = "correct horse battery";

    @Test
    void aStartWithReplayRebuildsTheNamedReadModelsFromTheEventStore() throws Exception {
        TestDependencyInitializer.recreateDatabase(DATABASE);
        String email = "replay-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String workspace;
        JsonNode tasks;
        JsonNode categories;
        try (ConfigurableApplicationContext app = OwnInstance.start(DATABASE, Map.of())) {
            ApiClient api = OwnInstance.client(app);
            String token = api.post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD, "name", "Rhea"),
                    null).json().get("accessToken").asString();
            workspace = "/api/v1/workspaces/" + api.post("/api/v1/workspaces", Map.of("name", "Replayed"), token)
                    .json().get("id").asString();
            String category = api.post(workspace + "/categories", Map.of("name", "Errands"), token).json().get("id").asString();
            String first = api.post(workspace + "/tasks", Map.of("title", "Buy milk", "categoryId", category,
                    "tags", List.of("home")), token).json().get("id").asString();
            String second = api.post(workspace + "/tasks", Map.of("title", "File taxes", "priority", "high"), token)
                    .json().get("id").asString();
            api.put(workspace + "/tasks/" + first, Map.of("description", "oat milk"), token);
            api.post(workspace + "/tasks/" + second + "/complete", Map.of(), token);
            tasks = api.get(workspace + "/tasks?sort=createdAt", token).json();
            categories = api.get(workspace + "/categories", token).json();
            assertThat(tasks.get("total").asLong()).isEqualTo(2);
        }
        // Rows lost while the server was down: without a replay, the processors would resume after them.
        execute("DELETE FROM task_tags");
        execute("DELETE FROM tasks");
        execute("DELETE FROM categories");

        try (ConfigurableApplicationContext app =
                     OwnInstance.start(DATABASE, Map.of("tandem.replay", "workspaces, task-list"))) {
            ApiClient api = OwnInstance.client(app);
            String token = api.post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD), null)
                    .json().get("accessToken").asString();
            EventProcessingConfiguration processing = app.getBean(EventProcessingConfiguration.class);

            // Replayed up to where the reset found the stream: the rows are back, as they were.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String name : List.of("workspaces", "task-list")) {
                    assertThat(status(processing, name)).as(name).allMatch(ProjectionReplayTest::replayedToTheReset);
                }
            });
            assertThat(api.get(workspace + "/tasks?sort=createdAt", token).json()).isEqualTo(tasks);
            assertThat(api.get(workspace + "/categories", token).json()).isEqualTo(categories);

            // A new event takes the processor past the reset point: the replay is over and live handling goes on.
            api.post(workspace + "/tasks", Map.of("title", "After the replay"), token);
            assertThat(api.get(workspace + "/tasks", token).json().get("total").asLong()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(status(processing, "task-list"))
                    .allMatch(s -> !s.isReplaying() && s.getError() == null));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(tokenType("task-list")).isEqualTo(GapAwareTrackingToken.class.getName()));
        }
    }

    @Test
    void aReplayOfAnUnknownProcessorFailsTheStartupAndNamesTheProcessors() throws Exception {
        TestDependencyInitializer.recreateDatabase(DATABASE);
        Throwable thrown = catchThrowable(
                () -> OwnInstance.start(DATABASE, Map.of("tandem.replay", "task-lists")).close());
        assertThat(NestedExceptionUtils.getMostSpecificCause(thrown))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'task-lists'", "workspaces", "audit-log");
    }

    private static Collection<EventTrackerStatus> status(EventProcessingConfiguration processing, String name) {
        Collection<EventTrackerStatus> status = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow().processingStatus().values();
        assertThat(status).as("%s has claimed its segment", name).isNotEmpty();
        return status;
    }

    private static boolean replayedToTheReset(EventTrackerStatus status) {
        return status.getError() == null && status.isCaughtUp() && (!status.isReplaying()
                || status.getCurrentPosition().orElse(-1) >= status.getResetPosition().orElse(Long.MAX_VALUE));
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDependencyInitializer.jdbcUrl(DATABASE),
                TestDependencies.username(), TestDependencies.password())) {
            c.createStatement().execute(sql);
        }
    }

    private static String tokenType(String processor) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDependencyInitializer.jdbcUrl(DATABASE),
                TestDependencies.username(), TestDependencies.password());
             ResultSet rs = c.createStatement().executeQuery(
                     "select token_type from token_entry where processor_name = '" + processor + "' and segment = 0")) {
            return rs.next() ? String.valueOf(rs.getString(1)) : "none";
        }
    }
}
