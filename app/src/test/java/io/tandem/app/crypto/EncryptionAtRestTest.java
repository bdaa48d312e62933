package io.tandem.app.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.api.Sensitive;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskFieldsChangedEvent;
import io.tandem.app.support.ApiClient.Response;
import io.tandem.app.support.ApiTestBase;
import io.tandem.app.support.TestDependencies;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Task text is ciphertext in the event table, plaintext to every reader, and erased with its workspace. */
class EncryptionAtRestTest extends ApiTestBase {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EventStore eventStore;

    /** The events' own database in the split-store run, the main one otherwise. */
    private final JdbcClient events = JdbcClient.create(new DriverManagerDataSource(
            TestDependencies.eventStoreJdbcUrl(), TestDependencies.username(), TestDependencies.password()));

    @Test
    void aPlainSqlLookAtTheEventTableRevealsNoTaskText() {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Home");
        String marker = UUID.randomUUID().toString();
        String title = "Buy a ring for Bea " + marker;
        String description = "She must not know " + marker;
        String renamed = "Propose on Sunday " + marker;
        String taskId = createTask(ann, ws, Map.of("title", title, "description", description)).get("id").asString();
        Response updated = api.put("/api/v1/workspaces/" + ws + "/tasks/" + taskId, Map.of("title", renamed), ann.token());
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

        List<String> payloads = payloads(taskId);
        assertThat(payloads).hasSize(2);
        assertThat(payloads).noneMatch(p -> p.contains(marker));
        assertThat(payloads).allMatch(p -> p.contains("\"$enc\":\"v1:"));

        Response read = api.get("/api/v1/workspaces/" + ws + "/tasks/" + taskId, ann.token());
        assertThat(read.json().get("title").asString()).isEqualTo(renamed);
        assertThat(read.json().get("description").asString()).isEqualTo(description);

        List<Object> history = history(taskId);
        assertThat(((TaskCreatedEvent) history.get(0)).title()).isEqualTo(title);
        assertThat(((TaskCreatedEvent) history.get(0)).description()).isEqualTo(description);
        assertThat(((TaskFieldsChangedEvent) history.get(1)).changes().title()).isEqualTo(renamed);
    }

    @Test
    void deletingAWorkspaceErasesItsTaskTextFromTheHistory() {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Doomed");
        UUID other = createWorkspace(ann, "Kept");
        String doomedTask = createTask(ann, ws, Map.of("title", "Doomed title", "description", "Doomed text"))
                .get("id").asString();
        api.put("/api/v1/workspaces/" + ws + "/tasks/" + doomedTask, Map.of("description", "Changed text"), ann.token());
        String keptTask = createTask(ann, other, Map.of("title", "Kept title")).get("id").asString();
        assertThat(((TaskCreatedEvent) history(doomedTask).get(0)).title()).isEqualTo("Doomed title");

        assertThat(api.delete("/api/v1/workspaces/" + ws, ann.token()).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Object> history = history(doomedTask);
            TaskCreatedEvent created = (TaskCreatedEvent) history.get(0);
            assertThat(created.title()).isEqualTo(Sensitive.ERASED);
            assertThat(created.description()).isEqualTo(Sensitive.ERASED);
            assertThat(((TaskFieldsChangedEvent) history.get(1)).changes().description()).isEqualTo(Sensitive.ERASED);
        });
        assertThat(jdbc.sql("select wrapped_key is null and destroyed_at is not null from data_keys "
                        + "where scope = 'workspace' and scope_id = :ws")
                .param("ws", ws).query(Boolean.class).single()).isTrue();
        assertThat(((TaskCreatedEvent) history(keptTask).get(0)).title()).isEqualTo("Kept title");
        assertThat(api.get("/api/v1/workspaces/" + other + "/tasks/" + keptTask, ann.token())
                .json().get("title").asString()).isEqualTo("Kept title");
    }

    private List<String> payloads(String aggregateId) {
        return events.sql("select convert_from(payload, 'UTF8') from domain_event_entry "
                        + "where aggregate_identifier = :id order by sequence_number")
                .param("id", aggregateId)
                .query(String.class)
                .list();
    }

    /** The aggregate's events as the event store hands them to aggregates and processors. */
    private List<Object> history(String aggregateId) {
        return eventStore.readEvents(aggregateId).asStream().map(DomainEventMessage::getPayload)
                .map(Object.class::cast).toList();
    }
}
