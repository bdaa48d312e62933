package io.tandem.app.web.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tandem.app.support.ApiClient.Response;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Many clients editing the same task from the same stale version at the same moment. */
class ConcurrentEditsTest extends ApiTestBase {

    @Test
    void concurrentStaleEditsOfDisjointFieldsAllMerge() throws Exception {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Concurrent");
        String task = "/api/v1/workspaces/" + ws + "/tasks/" + createTask(ann, ws, Map.of("title", "Base")).get("id").asString();
        List<Map<String, Object>> edits = List.of(
                Map.of("title", "New title", "version", 1),
                Map.of("priority", "high", "version", 1),
                Map.of("description", "New description", "version", 1),
                Map.of("tags", List.of("merged"), "version", 1),
                Map.of("dueDate", "2027-01-01T00:00:00Z", "version", 1),
                Map.of("position", 9, "version", 1),
                Map.of("status", "in_progress", "version", 1),
                Map.of("isTemplate", true, "version", 1));

        List<Response> answers = all(edits.stream().map(e -> (Callable<Response>) () -> api.put(task, e, ann.token())).toList());

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        JsonNode t = api.get(task, ann.token()).json();
        assertThat(t.get("title").asString()).isEqualTo("New title");
        assertThat(t.get("priority").asString()).isEqualTo("high");
        assertThat(t.get("description").asString()).isEqualTo("New description");
        assertThat(t.get("tags").toString()).isEqualTo("[\"merged\"]");
        assertThat(t.get("dueDate").asString()).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(t.get("position").asInt()).isEqualTo(9);
        assertThat(t.get("status").asString()).isEqualTo("in_progress");
        assertThat(t.get("isTemplate").asBoolean()).isTrue();
        assertThat(t.get("version").asLong()).isEqualTo(1 + edits.size());
    }

    @Test
    void concurrentStaleEditsOfTheSameFieldLetExactlyOneWin() throws Exception {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Concurrent");
        String task = "/api/v1/workspaces/" + ws + "/tasks/" + createTask(ann, ws, Map.of("title", "Base")).get("id").asString();
        List<Callable<Response>> edits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Map<String, Object> edit = Map.of("title", "Writer " + i, "version", 1);
            edits.add(() -> api.put(task, edit, ann.token()));
        }

        List<Response> answers = all(edits);

        List<Response> won = answers.stream().filter(r -> r.status() == 200).toList();
        List<Response> lost = answers.stream().filter(r -> r.status() == 409).toList();
        assertThat(won).hasSize(1);
        assertThat(lost).hasSize(7);
        assertThat(lost).allSatisfy(r -> {
            assertThat(r.json().get("conflictingFields").toString()).isEqualTo("[\"title\"]");
            assertThat(r.json().get("currentVersion").asLong()).isEqualTo(2);
        });
        JsonNode t = api.get(task, ann.token()).json();
        assertThat(t.get("title").asString()).isEqualTo(won.get(0).json().get("title").asString());
        assertThat(t.get("version").asLong()).isEqualTo(2);
    }

    /** Runs the calls at once, released together by a latch, and answers their results in order. */
    private static <T> List<T> all(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
