package io.tandem.app.web.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tandem.app.deadletter.DeadLetters;
import io.tandem.app.local.LocalDependencies;
import io.tandem.app.support.ApiClient;
import io.tandem.app.support.OwnInstance;
import io.tandem.app.support.TestDependencies;
import io.tandem.app.support.TestDependencyInitializer;
import io.tandem.app.support.TestSearchIndex;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Stops a real Elasticsearch under a running application and starts it again: commands keep working, search
 * answers 503, health says down, and afterwards the index catches up on its own with exactly the latest state.
 */
class SearchOutageTest {

    private static final String DATABASE = "tandem_search_outage_test";

    @Test
    void commandsWorkDuringAnOutageAndTheIndexCatchesUpAfterwards() throws Exception {
        TestDependencies.start();
        TestDependencyInitializer.recreateDatabase(DATABASE);
        LocalDependencies.Settings settings = ownElasticsearch();
        String url = settings.elasticsearchUrl();
        LocalDependencies elasticsearch = LocalDependencies.start(settings);
        assertThat(elasticsearch.connections().started()).containsExactly(LocalDependencies.Dependency.ELASTICSEARCH);

        try (ConfigurableApplicationContext app = SearchApp.start(DATABASE, url, TestSearchIndex.newPrefix())) {
            ApiClient api = OwnInstance.client(app);
            HealthIndicator health = app.getBean("elasticsearchHealthIndicator", HealthIndicator.class);
            String token = SearchApp.register(api, "Olga");
            String ws = "/api/v1/workspaces/" + api.post("/api/v1/workspaces", Map.of("name", "Outage"), token)
                    .json().get("id").asString();
            String alpha = api.post(ws + "/tasks", Map.of("title", "Alpha outage"), token).json().get("id").asString();
            String bravo = api.post(ws + "/tasks", Map.of("title", "Bravo outage"), token).json().get("id").asString();
            String charlie = api.post(ws + "/tasks", Map.of("title", "Charlie outage"), token).json().get("id").asString();
            await().atMost(Duration.ofSeconds(30)).until(() -> total(api.get(SearchApp.search(ws, "outage"), token)) == 3);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);

            elasticsearch.close();

            ApiClient.Response created = api.post(ws + "/tasks", Map.of("title", "Delta outage", "tags", List.of("late")), token);
            assertThat(created.status()).isEqualTo(201);
            String delta = created.json().get("id").asString();
            assertThat(api.put(ws + "/tasks/" + alpha, Map.of("title", "Alpha renamed outage",
                    "description", "changed while search was down"), token).status()).isEqualTo(200);
            assertThat(api.post(ws + "/tasks/" + bravo + "/complete", Map.of(), token).status()).isEqualTo(200);
            assertThat(api.delete(ws + "/tasks/" + charlie, token).status()).isEqualTo(204);
            assertThat(api.get(ws + "/tasks", token).json().get("total").asLong()).isEqualTo(3);

            ApiClient.Response down = api.get(SearchApp.search(ws, "outage"), token);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.header("Content-Type")).startsWith("application/problem+json");
            assertThat(down.header("Retry-After")).isNotBlank();
            assertThat(down.json().get("status").asInt()).isEqualTo(503);
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            StreamingEventProcessor processor = app.getBean(EventProcessingConfiguration.class)
                    .eventProcessor("search", StreamingEventProcessor.class).orElseThrow();
            // The projection failed on the new events and is retrying, rather than skipping them: the segments that
            // hold them are released between attempts, or in their error state.
            await().atMost(Duration.ofSeconds(30)).until(() -> processor.processingStatus().values().stream()
                    .mapToDouble(s -> 1.0 / (s.getSegment().getMask() + 1)).sum() < 0.999
                    || processor.processingStatus().values().stream().anyMatch(s -> s.isErrorState()));

            elasticsearch = LocalDependencies.start(settings);

            // The processor's retry back-off is capped at 60 s (Axon's pooled coordinator), so this bounds the wait.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> api.get(SearchApp.search(ws, "outage"), token).status() == 200
                            && total(api.get(SearchApp.search(ws, "outage"), token)) == 3
                            && total(api.get(SearchApp.search(ws, "outage&completed=true"), token)) == 1
                            && total(api.get(SearchApp.search(ws, "renamed"), token)) == 1);
            JsonNode found = api.get(SearchApp.search(ws, "outage"), token).json();
            Map<String, JsonNode> byId = new HashMap<>();
            found.get("items").forEach(item -> byId.put(item.get("task").get("id").asString(), item.get("task")));
            assertThat(byId.keySet()).containsExactlyInAnyOrder(alpha, bravo, delta);
            for (String id : List.of(alpha, bravo, delta)) {
                assertThat(byId.get(id)).as("task %s as search shows it", id).isEqualTo(api.get(ws + "/tasks/" + id, token).json());
            }
            assertThat(byId.get(alpha).get("version").asLong()).isEqualTo(2);
            assertThat(byId.get(bravo).get("completed").asBoolean()).isTrue();
            assertThat(total(api.get(SearchApp.search(ws, "charlie"), token))).isZero();
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            // The outage was retried through, never taken for a poison event.
            assertThat(app.getBean(DeadLetters.class).counts().get("search").letters()).isZero();
        } finally {
            elasticsearch.close();
        }
    }

    private static long total(ApiClient.Response response) {
        return response.status() == 200 ? response.json().get("total").asLong() : -1;
    }

    /** PostgreSQL and Redis are the test run's (reused); Elasticsearch is started here, on a free port. */
    private static LocalDependencies.Settings ownElasticsearch() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path root = SearchApp.repositoryRoot();
        Path dataDirectory = root.resolve(".data/test-search-outage");
        // A clean data directory each run; the unpacked distribution beside it is kept.
        SearchApp.deleteRecursively(dataDirectory.resolve("elasticsearch/data"));
        return new LocalDependencies.Settings(TestDependencies.jdbcUrl(), TestDependencies.username(),
                TestDependencies.password(), TestDependencies.redisUrl(), "http://127.0.0.1:" + port, dataDirectory,
                root.resolve("app/target/elasticsearch/elasticsearch.zip"), false);
    }
}
