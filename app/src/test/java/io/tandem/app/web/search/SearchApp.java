package io.tandem.app.web.search;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.OwnInstance;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An application instance of its own for the outage and rebuild tests (the RestartTest pattern), and helpers. */
final class SearchApp {

    static final String PASSWORD = "correct horse battery";

    private SearchApp() {
    }

    /** Starts the app on {@code database} with an index family and Elasticsearch of the test's choosing. */
    static ConfigurableApplicationContext start(String database, String elasticsearchUrl, String indexPrefix,
                                                Map<String, String> extra) {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("tandem.elasticsearch.url", elasticsearchUrl);
        properties.put("tandem.search.index-prefix", indexPrefix);
        return OwnInstance.start(database, properties);
    }

    static ConfigurableApplicationContext start(String database, String elasticsearchUrl, String indexPrefix) {
        return start(database, elasticsearchUrl, indexPrefix, Map.of());
    }

    /** Registers a new account and answers its access token. */
    static String register(ApiClient api, String name) {
        String email = name.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        return api.post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD, "name", name), null)
                .json().get("accessToken").asString();
    }

    static String search(String workspacePath, String q) {
        return workspacePath + "/tasks/search?q=" + q + "&size=200";
    }

    /** The indices behind an alias, straight from Elasticsearch. */
    static List<String> indicesOf(String elasticsearchUrl, String alias) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(elasticsearchUrl + "/_alias/" + alias)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            return List.of();
        }
        JsonNode body = ApiClient.JSON.readTree(r.body());
        return body.propertyNames().stream().sorted().toList();
    }

    /**
     * Creates {@code <prefix>-v1} with both aliases and the mapping of the release before the field of all words:
     * today's mapping without {@code words} and without the {@code copy_to} into it.
     */
    static void createIndexOfEarlierMapping(String elasticsearchUrl, String prefix) throws Exception {
        ObjectNode index;
        try (var in = SearchApp.class.getResourceAsStream("/search/tasks-index.json")) {
            index = (ObjectNode) ApiClient.JSON.readTree(in);
        }
        ObjectNode properties = (ObjectNode) index.get("mappings").get("properties");
        properties.remove("words");
        properties.forEach(field -> {
            if (field instanceof ObjectNode object) {
                object.remove("copy_to");
            }
        });
        ObjectNode aliases = index.putObject("aliases");
        aliases.putObject(prefix);
        aliases.putObject(prefix + "-write").put("is_write_index", true);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(elasticsearchUrl + "/" + prefix + "-v1")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(index.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Creating the index failed: " + r.statusCode() + " " + r.body());
        }
    }

    /** The top-level fields of the mapping of the index behind an alias. */
    static List<String> mappedFields(String elasticsearchUrl, String alias) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(elasticsearchUrl + "/" + alias + "/_mapping")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = ApiClient.JSON.readTree(r.body());
        JsonNode properties = body.properties().iterator().next().getValue().get("mappings").get("properties");
        return properties.propertyNames().stream().sorted().toList();
    }

    static boolean indexExists(String elasticsearchUrl, String index) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(elasticsearchUrl + "/" + index))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    static void deleteRecursively(Path path) throws java.io.IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Surefire runs each module in its own directory, so the root is found by walking up to the wrapper. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No mvnw found above " + Path.of("").toAbsolutePath());
    }
}
