package io.tandem.app.web.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.OwnInstance;
import io.tandem.app.support.TestDependencies;
import io.tandem.app.support.TestDependencyInitializer;
import io.tandem.app.support.TestSearchIndex;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The documented rebuild: starting the app with {@code --tandem.search.rebuild=true} replays the event store into
 * {@code <prefix>-v2}, moves both aliases to it and deletes {@code -v1}; searches answer the same afterwards.
 */
class SearchRebuildTest {

    private static final String DATABASE = "tandem_search_rebuild_test";

    @Test
    void aRebuildReplaysIntoANewIndexAndSwitchesTheAliases() throws Exception {
        String url = TestDependencies.elasticsearchUrl();
        TestDependencyInitializer.recreateDatabase(DATABASE);
        String prefix = TestSearchIndex.newPrefix();
        String token;
        String ws;
        List<JsonNode> before;
        try {
            try (ConfigurableApplicationContext first = SearchApp.start(DATABASE, url, prefix)) {
                ApiClient api = OwnInstance.client(first);
                token = SearchApp.register(api, "Rebuilder");
                ws = "/api/v1/workspaces/" + api.post("/api/v1/workspaces", Map.of("name", "Rebuild"), token)
                        .json().get("id").asString();
                String category = api.post(ws + "/categories", Map.of("name", "Gone soon"), token).json().get("id").asString();
                String kept = api.post(ws + "/tasks", Map.of("title", "Replay kept", "categoryId", category), token)
                        .json().get("id").asString();
                api.put(ws + "/tasks/" + kept, Map.of("description", "edited replay"), token);
                String done = api.post(ws + "/tasks", Map.of("title", "Replay done"), token).json().get("id").asString();
                api.post(ws + "/tasks/" + done + "/complete", Map.of(), token);
                String gone = api.post(ws + "/tasks", Map.of("title", "Replay deleted"), token).json().get("id").asString();
                api.delete(ws + "/tasks/" + gone, token);
                api.delete(ws + "/categories/" + category, token);
                String search = SearchApp.search(ws, "replay");
                await().atMost(Duration.ofSeconds(30)).until(() -> api.get(search, token).json().get("total").asLong() == 2
                        && api.get(search, token).json().get("items").findValues("categoryId").stream().allMatch(JsonNode::isNull)
                        // Every write indexed, the completion included: the snapshot below is what a replay must give.
                        && api.get(search, token).json().get("items").findValues("completed").stream()
                                .filter(JsonNode::asBoolean).count() == 1);
                before = tasks(api.get(search, token).json());
                assertThat(SearchApp.indicesOf(url, prefix)).containsExactly(prefix + "-v1");
            }

            try (ConfigurableApplicationContext second = SearchApp.start(DATABASE, url, prefix, Map.of("tandem.search.rebuild", "true"))) {
                // The rebuild runs before startup returns.
                assertThat(SearchApp.indicesOf(url, prefix)).containsExactly(prefix + "-v2");
                assertThat(SearchApp.indicesOf(url, prefix + "-write")).containsExactly(prefix + "-v2");
                assertThat(SearchApp.indexExists(url, prefix + "-v1")).isFalse();

                ApiClient api = OwnInstance.client(second);
                assertThat(tasks(api.get(SearchApp.search(ws, "replay"), token).json())).isEqualTo(before);

                api.post(ws + "/tasks", Map.of("title", "Replay afterwards"), token);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> api.get(SearchApp.search(ws, "replay"), token).json().get("total").asLong() == 3);
            }
        } finally {
            TestSearchIndex.deleteIndices(url, prefix + "-v*");
        }
    }

    /**
     * An index made by the release before the field of all words (no {@code words}, no {@code copy_to}) still finds
     * typos, field by field, and after the rebuild the new index has the field and finds the same.
     */
    @Test
    void anIndexOfTheEarlierMappingFindsTyposBeforeAndAfterItsRebuild() throws Exception {
        String url = TestDependencies.elasticsearchUrl();
        TestDependencyInitializer.recreateDatabase(DATABASE);
        String prefix = TestSearchIndex.newPrefix();
        try {
            SearchApp.createIndexOfEarlierMapping(url, prefix);
            assertThat(SearchApp.mappedFields(url, prefix)).doesNotContain("words");
            String token;
            String ws;
            try (ConfigurableApplicationContext first = SearchApp.start(DATABASE, url, prefix)) {
                ApiClient api = OwnInstance.client(first);
                token = SearchApp.register(api, "Earlier");
                ws = "/api/v1/workspaces/" + api.post("/api/v1/workspaces", Map.of("name", "Earlier"), token)
                        .json().get("id").asString();
                api.post(ws + "/tasks", Map.of("title", "Quarterly invoice"), token);
                api.post(ws + "/tasks", Map.of("title", "Garden", "description", "trim the hedges"), token);
                String typos = ws + "/tasks/search?q=" + "invioce%20hedgse";
                await().atMost(Duration.ofSeconds(30)).until(() -> api.get(typos, token).json().get("total").asLong() == 2);
            }
            try (ConfigurableApplicationContext second = SearchApp.start(DATABASE, url, prefix, Map.of("tandem.search.rebuild", "true"))) {
                assertThat(SearchApp.indicesOf(url, prefix)).containsExactly(prefix + "-v2");
                assertThat(SearchApp.mappedFields(url, prefix)).contains("words");
                ApiClient api = OwnInstance.client(second);
                JsonNode found = api.get(ws + "/tasks/search?q=" + "invioce%20hedgse", token).json();
                assertThat(found.get("items").findValues("title").stream().map(JsonNode::asString))
                        .containsExactlyInAnyOrder("Quarterly invoice", "Garden");
            }
        } finally {
            TestSearchIndex.deleteIndices(url, prefix + "-v1");
            TestSearchIndex.deleteIndices(url, prefix + "-v2");
        }
    }

    /** The task views of a result, in id order: scores may differ slightly between indices, the tasks may not. */
    private static List<JsonNode> tasks(JsonNode page) {
        List<JsonNode> tasks = new ArrayList<>();
        page.get("items").forEach(item -> tasks.add(item.get("task")));
        tasks.sort((a, b) -> a.get("id").asString().compareTo(b.get("id").asString()));
        return tasks;
    }
}
