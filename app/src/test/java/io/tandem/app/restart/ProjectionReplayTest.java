package io.tandem.app.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
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
import tools.jackson.databind.node.ObjectNode;

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
            String token = login(api, email);
            EventProcessingConfiguration processing = app.getBean(EventProcessingConfiguration.class);

            // Replayed up to where the reset found the stream: the rows are back, as they were.
            awaitReplayed(processing, "workspaces", "task-list");
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

    /**
     * The sync log and the audit log are rebuilt by replay without renumbering: every token a client holds and every
     * history position stays exact. Their stored copies are also what a replay (or the refill after the upgrade that
     * added them) fills in: rows emptied here read again as before.
     */
    @Test
    void aReplayOfTheSyncAndAuditLogsKeepsEveryTokenAndPosition() throws Exception {
        TestDependencyInitializer.recreateDatabase(DATABASE);
        String email = "replay-log-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String workspace;
        Map<String, JsonNode> pagesByToken = new LinkedHashMap<>();
        Map<Long, JsonNode> historyByPosition = new LinkedHashMap<>();
        String lastToken;
        try (ConfigurableApplicationContext app = OwnInstance.start(DATABASE, Map.of())) {
            ApiClient api = OwnInstance.client(app);
            String token = api.post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD, "name", "Lea"),
                    null).json().get("accessToken").asString();
            workspace = "/api/v1/workspaces/" + api.post("/api/v1/workspaces", Map.of("name", "Logged"), token)
                    .json().get("id").asString();
            String id = null;
            for (int i = 0; i < 4; i++) {
                id = api.post(workspace + "/tasks", Map.of("title", "Task " + i), token).json().get("id").asString();
                api.put(workspace + "/tasks/" + id, Map.of("description", "note " + i), token);
            }
            // A task's history answers once the audit log holds the task's last event, and so every earlier one.
            assertThat(api.get(workspace + "/tasks/" + id + "/history", token).json()).hasSize(2);
            lastToken = readLog(api, workspace, token, pagesByToken, historyByPosition);
            assertThat(pagesByToken).hasSizeGreaterThan(3);
        }
        // As after the upgrade that added the copies: rows without them, refilled by the replay.
        execute("UPDATE sync_log SET payload = NULL, meta_data = NULL WHERE seq % 2 = 0");
        execute("UPDATE audit_log SET payload = NULL, meta_data = NULL WHERE position % 2 = 0");

        try (ConfigurableApplicationContext app =
                     OwnInstance.start(DATABASE, Map.of("tandem.replay", "sync-log, audit-log"))) {
            ApiClient api = OwnInstance.client(app);
            String token = login(api, email);
            awaitReplayed(app.getBean(EventProcessingConfiguration.class), "sync-log", "audit-log");
            for (Map.Entry<String, JsonNode> page : pagesByToken.entrySet()) {
                assertThat(pull(api, workspace, token, page.getKey())).as("the page after %s", page.getKey())
                        .isEqualTo(page.getValue());
            }
            for (Map.Entry<Long, JsonNode> page : historyByPosition.entrySet()) {
                assertThat(api.get(workspace + "/events?limit=3&after=" + page.getKey(), token).json())
                        .as("the history after %s", page.getKey()).isEqualTo(page.getValue());
            }
            String added = api.post(workspace + "/tasks", Map.of("title", "After the replay"), token)
                    .json().get("id").asString();
            JsonNode next = pull(api, workspace, token, lastToken);
            assertThat(next.get("operations")).singleElement()
                    .satisfies(op -> assertThat(op.get("entityId").asString()).isEqualTo(added));
        }
    }

    /** Pulls the whole log 3 operations at a time and pages the history 3 events at a time, keeping each page. */
    private static String readLog(ApiClient api, String workspace, String token, Map<String, JsonNode> pagesByToken,
                                  Map<Long, JsonNode> historyByPosition) {
        String since = "";
        while (true) {
            JsonNode page = pull(api, workspace, token, since);
            pagesByToken.put(since, page);
            since = page.get("nextToken").asString();
            if (!page.get("hasMore").asBoolean()) {
                break;
            }
        }
        long after = 0;
        while (true) {
            JsonNode page = api.get(workspace + "/events?limit=3&after=" + after, token).json();
            historyByPosition.put(after, page);
            if (page.get("items").isEmpty()) {
                break;
            }
            after = page.get("nextPosition").asLong();
        }
        return since;
    }

    /** A pull's answer without its serverTime, which differs on each call. */
    private static JsonNode pull(ApiClient api, String workspace, String token, String since) {
        String query = since.isEmpty() ? "?limit=3" : "?limit=3&since=" + since;
        ObjectNode page = (ObjectNode) api.get(workspace + "/sync/pull" + query, token).json();
        page.remove("serverTime");
        return page;
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

    private static String login(ApiClient api, String email) {
        return api.post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD), null)
                .json().get("accessToken").asString();
    }

    private static void awaitReplayed(EventProcessingConfiguration processing, String... names) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String name : names) {
                assertThat(status(processing, name)).as(name).allMatch(ProjectionReplayTest::replayedToTheReset);
            }
        });
    }

    private static Collection<EventTrackerStatus> status(EventProcessingConfiguration processing, String name) {
        Collection<EventTrackerStatus> status = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow().processingStatus().values();
        // Every segment, when the processor has several: a segment's mask + 1 is the number of segments of its size.
        assertThat(status.stream().mapToDouble(s -> 1.0 / (s.getSegment().getMask() + 1)).sum())
                .as("%s has claimed all its segments", name).isGreaterThan(0.999);
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
