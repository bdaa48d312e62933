package io.tandem.app.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The search index prefix of this test JVM ({@code tandem-test-<random>}), so that parallel runs and other
 * worktrees sharing one Elasticsearch never see each other's documents. Its indices are deleted when the JVM
 * ends; those that a killed run left behind are deleted by a later run once they are a day old.
 */
public final class TestSearchIndex {

    private static final String FAMILY = "tandem-test-";
    private static final Duration STALE_AFTER = Duration.ofDays(1);
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static String prefix;

    private TestSearchIndex() {
    }

    /** The prefix for this JVM; the first call also cleans up stale test indices and registers the cleanup. */
    public static synchronized String prefix() {
        if (prefix == null) {
            prefix = newPrefix();
            String url = TestDependencies.elasticsearchUrl();
            deleteStale(url);
            String mine = prefix;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteIndices(url, mine + "*"), "test-search-index-cleanup"));
        }
        return prefix;
    }

    /** A fresh prefix, for tests that run their own application against an index family of their own. */
    public static String newPrefix() {
        return FAMILY + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Deletes the indices matching a pattern, best effort. */
    public static void deleteIndices(String url, String pattern) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(url + "/" + pattern + "?allow_no_indices=true"))
                    .DELETE().timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // Elasticsearch may already be stopping; the age-based cleanup of a later run catches what is left.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteStale(String url) {
        try {
            HttpResponse<String> indices = http.send(HttpRequest.newBuilder(
                            URI.create(url + "/_cat/indices/" + FAMILY + "*?h=index,creation.date&format=json"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (indices.statusCode() != 200) {
                return;
            }
            Instant cutoff = Instant.now().minus(STALE_AFTER);
            for (JsonNode index : JsonMapper.builder().build().readTree(indices.body())) {
                if (Instant.ofEpochMilli(Long.parseLong(index.get("creation.date").asString())).isBefore(cutoff)) {
                    deleteIndices(url, index.get("index").asString());
                }
            }
        } catch (IOException e) {
            // Cleanup is a courtesy; the tests do not depend on it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
