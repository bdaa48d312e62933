package io.tandem.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiClient.Response;
import tools.jackson.databind.JsonNode;

/**
 * Import rate: one request importing {@code tasks} tasks (default 10 000, first argument) into an empty workspace,
 * timed from request to answer (the answer waits until the task list shows all of them), then the same import
 * again (everything skipped). Runs the app in-process on its own database, {@code tandem_bench_import}.
 */
public final class ImportBenchmark {

    private static final String DATABASE = "tandem_bench_import";

    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (ServerProcess server = ServerProcess.start("import", DATABASE, Map.of())) {
            ApiClient api = new ApiClient(server.port());
            String token = api.post("/api/v1/auth/register", Map.of("email", "bench-" + UUID.randomUUID() + "@example.test",
                    "password", "correct horse battery", "name", "Bench"), null).json().get("accessToken").asString();
            String ws = api.post("/api/v1/workspaces", Map.of("name", "Import bench"), token).json().get("id").asString();
            Map<String, Object> body = body(count);
            String path = "/api/v1/workspaces/" + ws + "/import";

            // A small import first, so the figures below are not a cold JVM's.
            send(api, "/api/v1/workspaces/" + api.post("/api/v1/workspaces", Map.of("name", "Warm-up"), token).json()
                    .get("id").asString() + "/import", body(500), token);

            long start = System.nanoTime();
            JsonNode first = send(api, path, body, token);
            double firstSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            JsonNode again = send(api, path, body, token);
            double againSeconds = (System.nanoTime() - start) / 1e9;
            long listed = api.get("/api/v1/workspaces/" + ws + "/tasks?size=1", token).json().get("total").asLong();

            System.out.printf("Import of %d tasks (+1 category), server as scripts/run starts it:%n", count);
            System.out.printf("  first run:  %.2f s, %.0f tasks/s (imported %d, listed right after: %d)%n",
                    firstSeconds, count / firstSeconds, first.get("imported").get("tasks").asInt(), listed);
            System.out.printf("  repeat run: %.2f s, %.0f tasks/s checked (imported %d, skipped %d)%n",
                    againSeconds, count / againSeconds, again.get("imported").get("tasks").asInt(), again.get("skipped").size());
            System.out.printf("  server resident: VmRSS %s, peak VmHWM %s%n", server.memory("VmRSS"), server.memory("VmHWM"));
        }
        System.exit(0);
    }

    private static JsonNode send(ApiClient api, String path, Map<String, Object> body, String token) {
        Response r = api.request("POST", path).token(token).json(body).timeout(Duration.ofMinutes(10)).send();
        if (r.status() != 200) {
            throw new IllegalStateException("Import answered " + r);
        }
        return r.json();
    }

    private static Map<String, Object> body(int count) {
        String category = UUID.randomUUID().toString();
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> task = new HashMap<>();
            task.put("id", UUID.randomUUID().toString());
            task.put("title", "Imported task " + i);
            task.put("description", "Brought over from the local-only PWA");
            task.put("priority", List.of("low", "medium", "high").get(i % 3));
            task.put("tags", List.of("imported", "batch" + (i % 20)));
            task.put("completed", i % 4 == 0);
            task.put("dueDate", "2027-01-01T09:00:00Z");
            if (i % 5 == 0) {
                task.put("categoryId", category);
            }
            tasks.add(task);
        }
        return Map.of("categories", List.of(Map.of("id", category, "name", "Imported", "color", "#3366FF")),
                "tasks", tasks);
    }
}
