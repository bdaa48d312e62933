package io.tandem.app.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.tandem.api.ProcessingGroups;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskFieldsChangedEvent;
import io.tandem.app.support.ApiClient.Response;
import io.tandem.app.support.ApiTestBase;
import io.tandem.app.support.TestDependencyInitializer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * One event that the task list cannot handle parks its own task's events, and only those: the rest of the workspace
 * and other workspaces go on, the write answers at once with what it committed, the metric, /health and the operator
 * endpoint show the letters, and a retry after the cause is fixed applies them. A transient failure is retried and
 * never parked. The failing handler is a test handler of the task-list processor, failing on titles it is told of.
 */
@Import(PoisonEventTest.FailingHandlers.class)
// A database of its own: the JVM's other applications run the task list too, and whichever held the poison task's
// segment would handle it without the failing handler.
@TestPropertySource(properties = {"tandem.operator.token=" + PoisonEventTest.OPERATOR_TOKEN,
        TestDependencyInitializer.OWN_DATABASE + "=poison"})
class PoisonEventTest extends ApiTestBase {

    static final String OPERATOR_TOKEN = "test-operator-token-dead-letters-0123456789";

    /** Titles the task list fails on (as if its handler had a bug for them), while they are listed. */
    static final Set<String> POISON = ConcurrentHashMap.newKeySet();
    /** Titles whose handling first meets an unreachable database this many times. */
    static final Map<String, AtomicInteger> UNREACHABLE = new ConcurrentHashMap<>();
    static final AtomicInteger unreachableAttempts = new AtomicInteger();

    @TestConfiguration
    static class FailingHandlers {
        @Bean
        TaskListFailures taskListFailures() {
            return new TaskListFailures();
        }
    }

    @ProcessingGroup(ProcessingGroups.TASK_LIST)
    static class TaskListFailures {

        @EventHandler
        void on(TaskCreatedEvent event) throws Exception {
            fail(event.title());
        }

        @EventHandler
        void on(TaskFieldsChangedEvent event) throws Exception {
            TaskChanges changes = event.changes();
            if (changes.has(TaskField.TITLE)) {
                fail(changes.title());
            }
        }

        private static void fail(String title) throws Exception {
            if (title == null) {
                return;
            }
            if (POISON.contains(title)) {
                throw new IllegalStateException("The test's task-list handler refuses this event");
            }
            AtomicInteger left = UNREACHABLE.get(title);
            if (left != null && left.getAndDecrement() > 0) {
                unreachableAttempts.incrementAndGet();
                // A real connection to a port nobody listens on: PostgreSQL's driver reports it as SQLSTATE 08001.
                DriverManager.getConnection("jdbc:postgresql://127.0.0.1:9/unreachable?connectTimeout=1").close();
            }
        }
    }

    @AfterEach
    void forgetFailures() {
        POISON.clear();
        UNREACHABLE.clear();
    }

    @Test
    void aPoisonEventParksOnlyItsOwnTaskAndIsAppliedWhenRetriedAfterTheFix() {
        TestUser ann = register("Ann");
        UUID workspace = createWorkspace(ann, "Poisoned");
        UUID other = createWorkspace(ann, "Elsewhere");
        String poison = "Poison " + UUID.randomUUID();
        POISON.add(poison);
        String tasks = "/api/v1/workspaces/" + workspace + "/tasks";
        String victim = createTask(ann, workspace, Map.of("title", "Victim")).get("id").asString();
        String neighbour = createTask(ann, workspace, Map.of("title", "Neighbour")).get("id").asString();

        long start = System.nanoTime();
        Response parked = api.put(tasks + "/" + victim, Map.of("title", poison), ann.token());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(parked.status()).as(parked.toString()).isEqualTo(202);
        assertThat(took).as("answered without waiting for the read-your-writes timeout").isLessThan(Duration.ofSeconds(6));
        assertThat(parked.header("Tandem-Read-Model-Parked")).isEqualTo("task-list");
        assertThat(parked.header("ETag")).isEqualTo("\"2\"");
        assertThat(parked.json().get("status").asString()).isEqualTo("parked");
        assertThat(parked.json().get("id").asString()).isEqualTo(victim);
        assertThat(parked.json().get("version").asLong()).isEqualTo(2);

        // A later write of the same task queues up behind the parked event, and answers at once too.
        start = System.nanoTime();
        Response completed = api.post(tasks + "/" + victim + "/complete", Map.of(), ann.token());
        assertThat(completed.status()).as(completed.toString()).isEqualTo(202);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        JsonNode stale = api.get(tasks + "/" + victim, ann.token()).json();
        assertThat(stale.get("version").asLong()).as("the read model holds the task back").isEqualTo(1);
        assertThat(stale.get("title").asString()).isEqualTo("Victim");

        // Everything else goes on: the same workspace's other task, and another workspace.
        Response neighbourUpdate = api.put(tasks + "/" + neighbour, Map.of("title", "Neighbour, renamed"), ann.token());
        assertThat(neighbourUpdate.status()).as(neighbourUpdate.toString()).isEqualTo(200);
        assertThat(neighbourUpdate.json().get("title").asString()).isEqualTo("Neighbour, renamed");
        assertThat(createTask(ann, workspace, Map.of("title", "Newcomer")).get("version").asLong()).isEqualTo(1);
        assertThat(createTask(ann, other, Map.of("title", "Far away")).get("version").asLong()).isEqualTo(1);

        // Counted by the metric and /health, which stays healthy; listed for the operator without payloads.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String metrics = api.get("/metrics", null).text();
            assertThat(metric(metrics, "tandem_dead_letters{kind=\"letters\",processor=\"task-list\"}")).isEqualTo(2);
            assertThat(metric(metrics, "tandem_dead_letters{kind=\"sequences\",processor=\"task-list\"}")).isEqualTo(1);
        });
        Response health = api.get("/health", null);
        boolean dependenciesUp = health.json().get("services").valueStream().allMatch(s -> s.asString().equals("up"));
        assertThat(health.status()).as("parked events leave the instance healthy: %s", health)
                .isEqualTo(dependenciesUp ? 200 : 503);
        assertThat(health.json().get("deadLetters").get("task-list").get("letters").asLong()).isEqualTo(2);
        assertThat(health.json().get("deadLetters").get("workspaces").get("letters").asLong()).isZero();

        assertThat(api.get("/api/v1/operator/dead-letters", ann.token()).status()).isEqualTo(401);
        Response listed = api.request("GET", "/api/v1/operator/dead-letters?processor=task-list")
                .token(OPERATOR_TOKEN).send();
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.text()).as("no payload is shown").doesNotContain(poison);
        JsonNode items = listed.json().get("items");
        assertThat(items.size()).isEqualTo(2);
        assertThat(items.get(0).get("sequenceIdentifier").asString()).isEqualTo(victim);
        assertThat(items.get(0).get("eventType").asString()).endsWith("TaskFieldsChangedEvent");
        assertThat(items.get(0).get("causeType").asString()).isEqualTo(IllegalStateException.class.getName());
        assertThat(items.get(0).get("causeMessage").asString()).contains("refuses this event");
        assertThat(items.get(1).get("eventType").asString()).endsWith("TaskCompletedEvent");
        assertThat(items.get(1).get("aggregateSequenceNumber").asLong()).isEqualTo(2);

        // Retrying before the fix keeps the letters, counting the attempt.
        Response early = api.request("POST", "/api/v1/operator/dead-letters/task-list/retry?sequence=" + victim)
                .token(OPERATOR_TOKEN).send();
        assertThat(early.json().get("applied").asInt()).as(early.toString()).isZero();
        assertThat(early.json().get("stillParked").asInt()).isEqualTo(1);
        assertThat(api.get(tasks + "/" + victim, ann.token()).json().get("version").asLong()).isEqualTo(1);

        POISON.remove(poison);
        Response retried = api.request("POST", "/api/v1/operator/dead-letters/task-list/retry")
                .token(OPERATOR_TOKEN).send();
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().get("applied").asInt()).isEqualTo(1);

        JsonNode applied = api.get(tasks + "/" + victim, ann.token()).json();
        assertThat(applied.get("version").asLong()).isEqualTo(3);
        assertThat(applied.get("title").asString()).isEqualTo(poison);
        assertThat(applied.get("completed").asBoolean()).isTrue();
        assertThat(operatorList().get("counts").get("task-list").get("letters").asLong()).isZero();
        // And the task's writes answer as usual again.
        Response reopened = api.post(tasks + "/" + victim + "/reopen", Map.of(), ann.token());
        assertThat(reopened.status()).as(reopened.toString()).isEqualTo(200);
        assertThat(reopened.json().get("version").asLong()).isEqualTo(4);
    }

    @Test
    void aTransientFailureIsRetriedAndNeverParked() {
        TestUser bea = register("Bea");
        UUID workspace = createWorkspace(bea, "Flaky");
        String title = "Unlucky " + UUID.randomUUID();
        UNREACHABLE.put(title, new AtomicInteger(2));
        int attemptsBefore = unreachableAttempts.get();
        long parkedBefore = operatorList().get("counts").get("task-list").get("letters").asLong();

        JsonNode created = createTask(bea, workspace, Map.of("title", title));

        assertThat(created.get("title").asString()).isEqualTo(title);
        assertThat(unreachableAttempts.get() - attemptsBefore).as("failed twice, then retried").isEqualTo(2);
        JsonNode letters = operatorList();
        assertThat(letters.get("items").toString()).doesNotContain(created.get("id").asString());
        assertThat(letters.get("counts").get("task-list").get("letters").asLong()).isEqualTo(parkedBefore);
    }

    @Test
    void onlyKnownProcessorsHaveQueuesAndTheApiDescriptionSaysSo() {
        Response unknown = api.request("POST", "/api/v1/operator/dead-letters/sync-log/retry")
                .token(OPERATOR_TOKEN).send();
        assertThat(unknown.status()).isEqualTo(404);
        Response badLimit = api.request("GET", "/api/v1/operator/dead-letters?limit=0").token(OPERATOR_TOKEN).send();
        assertThat(badLimit.status()).isEqualTo(400);

        JsonNode doc = api.get("/v3/api-docs", null).json();
        assertThat(doc.at("/paths/~1api~1v1~1operator~1dead-letters/get/security/0").has("operator")).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1operator~1dead-letters~1{processor}~1retry/post/security/0")
                .has("operator")).isTrue();
        JsonNode parked = doc.at("/paths/~1api~1v1~1workspaces~1{workspaceId}~1tasks~1{taskId}/put/responses/202");
        assertThat(parked.at("/content/application~1json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/ParkedWrite");
        assertThat(parked.at("/headers").has("Tandem-Read-Model-Parked")).isTrue();
    }

    private JsonNode operatorList() {
        Response r = api.request("GET", "/api/v1/operator/dead-letters").token(OPERATOR_TOKEN).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static double metric(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }
}
