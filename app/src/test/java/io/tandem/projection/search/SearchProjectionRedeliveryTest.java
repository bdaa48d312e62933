package io.tandem.projection.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.tandem.api.task.Priority;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskStatus;
import io.tandem.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A batch that fails part-way is handled again whole, and Elasticsearch keeps the documents it had already written:
 * the projection must take a creation it sees a second time as done, against the real server.
 */
@IntegrationTest
class SearchProjectionRedeliveryTest {

    @Autowired
    ElasticsearchClient client;

    @Autowired
    SearchIndex index;

    @Test
    void aCreationHandledTwiceIsAppliedOnceAndDoesNotStopTheProjection() throws Exception {
        SearchProjection projection = new SearchProjection(client, index);
        UUID taskId = UUID.randomUUID();
        TaskCreatedEvent created = new TaskCreatedEvent(taskId, UUID.randomUUID(), UUID.randomUUID(), "Redelivered",
                null, Priority.LOW, null, List.of(), null, null, false, null, false, null, TaskStatus.TODO, null, false,
                null, 1);
        Instant at = Instant.parse("2026-11-24T10:00:00Z");

        projection.on(created, 0, at);
        assertThatCode(() -> projection.on(created, 0, at)).doesNotThrowAnyException();

        var stored = client.get(g -> g.index(index.writeAlias()).id(taskId.toString()), TaskDocument.class);
        assertThat(stored.found()).isTrue();
        assertThat(stored.version()).as("written once").isEqualTo(1L);
    }

    @Test
    void onlyAConflictCountsAsAlreadyApplied() {
        assertThat(SearchProjection.isConflict(new IllegalStateException("no"))).isFalse();
        assertThat(SearchProjection.isConflict(new RuntimeException(new java.io.IOException("socket closed")))).isFalse();
    }
}
