package io.tandem.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.OwnInstance;
import io.tandem.app.support.PrivatePostgres;
import io.tandem.app.support.SplitEventStore;
import io.tandem.app.sync.SyncClient;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * An application on a PostgreSQL of the test's own (holding the events too, or, in the split-store run, the events in
 * a second database of that server) while several clients create and rename tasks without pause; the server is
 * crashed (an immediate stop) and started again a few seconds later. While it is down every answer is a 503 problem
 * and {@code /health} says so; once it is back the same application serves writes again, and every write that was
 * acknowledged is in the read model, in the task list and in the sync log.
 */
class PostgresOutageTest {

    private static final String DATABASE = "tandem";
    private static final String PASSWORD = "correct horse battery";
    private static final int WRITERS = 4;
    /** Liveness, not speed: no answer may take longer than this, outage or not. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(25);

    /**
     * One answer a writer got: what it asked, when, and what came back (status -1: no answer in the bound; -2: a
     * push answered 200 without applying its fresh operation).
     */
    record Outcome(String request, long startedAt, long endedAt, int status, String contentType, String body) {
    }

    @Test
    void writesAnswer503WhileTheDatabaseIsDownAndNothingAcknowledgedIsLost() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.create()) {
            postgres.createDatabase(DATABASE);
            Map<String, Object> properties = new HashMap<>();
            properties.put("spring.datasource.url", postgres.jdbcUrl(DATABASE));
            properties.put("spring.datasource.username", PrivatePostgres.SUPERUSER);
            properties.put("spring.datasource.password", "");
            properties.put("tandem.redis.key-prefix", "pg-outage-" + UUID.randomUUID() + ":");
            properties.put("tandem.rate-limit.api-requests", "1000000");
            properties.put("tandem.rate-limit.sync-operations", "1000000");
            try (ConfigurableApplicationContext app = OwnInstance.start(DATABASE, properties)) {
                if (SplitEventStore.enabled()) {
                    assertThat(app.getEnvironment().getProperty("tandem.event-store.url"))
                            .as("the events in a database of their own on the same private server")
                            .isEqualTo(SplitEventStore.eventsUrl(postgres.jdbcUrl(DATABASE)));
                }
                run(OwnInstance.client(app), postgres);
            }
        }
    }

    private void run(ApiClient api, PrivatePostgres postgres) throws Exception {
        String token = register(api);
        ApiClient.Response created = api.post("/api/v1/workspaces", Map.of("name", "Outage"), token);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID workspace = UUID.fromString(created.json().get("id").asString());
        String tasks = "/api/v1/workspaces/" + workspace + "/tasks";

        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        // Per task, the highest version an acknowledged write answered, and that write's title.
        Map<UUID, Long> acknowledged = new ConcurrentHashMap<>();
        Map<UUID, String> acknowledgedTitles = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            running.add(writers.submit(() -> write(api, token, tasks, writer, stop, outcomes, acknowledged,
                    acknowledgedTitles)));
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> successes(outcomes, 0) >= 3 * WRITERS);

            postgres.crash();
            long down = System.nanoTime();
            ApiClient.Response health = api.get("/health", null);
            assertThat(health.status()).as(health.toString()).isEqualTo(503);
            assertThat(health.json().get("status").asString()).isEqualTo("unhealthy");
            assertThat(health.json().at("/services/database").asString()).isEqualTo("down");
            assertThat(health.json().at("/services/eventStore").asString()).isEqualTo("down");
            ApiClient.Response read = api.request("GET", tasks).token(token).timeout(ANSWER_BOUND).send();
            assertThat(read.status()).as("a read while the database is down: %s", read).isEqualTo(503);
            assertThat(read.header("Content-Type")).startsWith("application/problem+json");
            // Long enough for each writer to hit the outage more than once.
            await().atMost(ANSWER_BOUND.multipliedBy(2))
                    .until(() -> answeredWithin(outcomes, down, Long.MAX_VALUE).size() >= 2 * WRITERS);
            long up = System.nanoTime();
            postgres.start();

            await().atMost(Duration.ofSeconds(90)).until(() -> successes(outcomes, up) >= 3 * WRITERS);
            // Only the database's entries: the suite's Elasticsearch is shared with other test runs.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode after = api.get("/health", null).json();
                assertThat(after.at("/services/database").asString()).as(after.toString()).isEqualTo("up");
                assertThat(after.at("/services/eventStore").asString()).as(after.toString()).isEqualTo("up");
            });

            stop.set(true);
            for (Future<?> writer : running) {
                writer.get(ANSWER_BOUND.toSeconds() * 2, TimeUnit.SECONDS);
            }

            List<Outcome> duringOutage = answeredWithin(outcomes, down, up);
            assertThat(duringOutage).as("writes that began and ended while the database was down").isNotEmpty()
                    .allSatisfy(outcome -> {
                        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(503);
                        assertThat(outcome.contentType()).as(outcome.toString()).startsWith("application/problem+json");
                    });
            assertThat(outcomes).as("every write answered in the bound, with success or 503")
                    .allSatisfy(outcome -> assertThat(outcome.status()).as(outcome.toString()).isIn(200, 201, 503));
        } finally {
            stop.set(true);
            writers.shutdown();
            writers.awaitTermination(ANSWER_BOUND.toSeconds() * 2, TimeUnit.SECONDS);
        }

        assertThat(acknowledged).isNotEmpty();
        // Read model: each acknowledged write is there (or a later one of the same task).
        for (Map.Entry<UUID, Long> write : acknowledged.entrySet()) {
            ApiClient.Response task = api.get(tasks + "/" + write.getKey(), token);
            assertThat(task.status()).as("acknowledged task %s: %s", write.getKey(), task).isEqualTo(200);
            assertThat(task.json().get("version").asLong()).as(task.toString()).isGreaterThanOrEqualTo(write.getValue());
            if (task.json().get("version").asLong() == write.getValue()) {
                assertThat(task.json().get("title").asString()).isEqualTo(acknowledgedTitles.get(write.getKey()));
            }
        }
        // The list catches up with every acknowledged task.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(listed(api, token, tasks)).containsAll(acknowledged.keySet()));
        // The sync log holds an operation for every acknowledged write, each once.
        SyncClient sync = new SyncClient(api, workspace, token);
        sync.pull();
        Map<UUID, Set<Long>> logged = sync.pulled().stream()
                .filter(op -> op.get("entityType").asString().equals("task"))
                .collect(Collectors.groupingBy(op -> UUID.fromString(op.get("entityId").asString()),
                        Collectors.mapping(op -> op.get("version").asLong(), Collectors.toSet())));
        acknowledged.forEach((task, version) -> assertThat(logged.getOrDefault(task, Set.of()))
                .as("versions of task %s in the sync log", task).contains(1L, version));
        assertThat(sync.pulled().stream().map(op -> op.get("id").asString()).distinct().count())
                .as("each operation once").isEqualTo(sync.pulled().size());
    }

    /** Creates a task, renames it, and again, until stopped, recording every answer. */
    private static void write(ApiClient api, String token, String tasks, int writer, AtomicBoolean stop,
                              List<Outcome> outcomes, Map<UUID, Long> acknowledged, Map<UUID, String> titles) {
        UUID current = null;
        int n = 0;
        while (!stop.get()) {
            n++;
            String title = "w" + writer + "-" + n;
            boolean create = current == null || n % 3 == 0;
            UUID id = create ? UUID.randomUUID() : current;
            // The first writer creates through sync push, as an offline client does; the others through REST.
            boolean push = create && writer == 0;
            ApiClient.Request request = push
                    ? api.request("POST", tasks.replace("/tasks", "/sync/push")).json(Map.of("operations", List.of(
                            Map.of("id", UUID.randomUUID().toString(), "type", "create", "entityType", "task",
                                    "entityId", id.toString(), "data", Map.of("title", title),
                                    "timestamp", System.currentTimeMillis()))))
                    : create
                    ? api.request("POST", tasks).json(Map.of("id", id.toString(), "title", title))
                    : api.request("PUT", tasks + "/" + id).json(Map.of("title", title));
            String what = (push ? "push create " : create ? "create " : "rename ") + id;
            long started = System.nanoTime();
            Outcome outcome;
            try {
                ApiClient.Response r = request.token(token).timeout(ANSWER_BOUND).send();
                outcome = new Outcome(what, started, System.nanoTime(), r.status(), r.header("Content-Type"), r.text());
                JsonNode written = push && r.status() == 200 ? r.json().get("results").get(0) : r.json();
                if (push && r.status() == 200 && !written.get("status").asString().equals("applied")) {
                    // A fresh operation is applied or refused with 503, never "rejected" (a client drops those).
                    outcome = new Outcome(what, started, System.nanoTime(), -2, r.header("Content-Type"), r.text());
                } else if (r.status() == 200 || r.status() == 201) {
                    long version = written.get("version").asLong();
                    acknowledged.merge(id, version, Math::max);
                    if (acknowledged.get(id) == version) {
                        titles.put(id, title);
                    }
                    current = id;
                }
            } catch (IllegalStateException noAnswer) {
                outcome = new Outcome(what, started, System.nanoTime(), -1, null, String.valueOf(noAnswer.getCause()));
            }
            outcomes.add(outcome);
        }
    }

    private static long successes(List<Outcome> outcomes, long startedAfter) {
        return outcomes.stream().filter(o -> o.startedAt() > startedAfter && o.status() / 100 == 2).count();
    }

    private static List<Outcome> answeredWithin(List<Outcome> outcomes, long from, long to) {
        return outcomes.stream().filter(o -> o.startedAt() > from && o.endedAt() < to).toList();
    }

    private static Set<UUID> listed(ApiClient api, String token, String tasks) {
        Set<UUID> ids = new java.util.HashSet<>();
        for (int page = 0; ; page++) {
            ApiClient.Response r = api.get(tasks + "?size=200&page=" + page, token);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode items = r.json().get("items");
            items.forEach(item -> ids.add(UUID.fromString(item.get("id").asString())));
            if (items.isEmpty() || ids.size() >= r.json().get("total").asLong()) {
                return ids;
            }
        }
    }

    private static String register(ApiClient api) {
        String email = "outage-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        ApiClient.Response r = api.post("/api/v1/auth/register",
                Map.of("email", email, "password", PASSWORD, "name", "Outage"), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("accessToken").asString();
    }
}
