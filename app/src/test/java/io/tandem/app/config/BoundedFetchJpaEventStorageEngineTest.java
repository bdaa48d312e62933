package io.tandem.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tandem.app.support.ApiTestBase;
import jakarta.persistence.EntityManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tracking fetch with gaps in the token answers exactly what Axon's own query answers (the filled gaps, then the
 * events after the token, in index order, one batch at most), against the real event table.
 */
class BoundedFetchJpaEventStorageEngineTest extends ApiTestBase {

    @Autowired
    EventStorageEngine engine;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    EntityManager entityManager;

    @Test
    void filledGapsComeFirstThenTheEventsAfterTheToken() {
        TestUser owner = register("Gap Owner");
        UUID workspaceId = createWorkspace(owner, "Gaps");
        List<Long> tasks = List.of(
                firstIndexOf(createTask(owner, workspaceId, Map.of()).get("id").asString()),
                firstIndexOf(createTask(owner, workspaceId, Map.of()).get("id").asString()),
                firstIndexOf(createTask(owner, workspaceId, Map.of()).get("id").asString()));
        long filledGap = tasks.get(0);
        long token = tasks.get(1);
        BoundedFetchJpaEventStorageEngine bounded = (BoundedFetchJpaEventStorageEngine) engine;

        List<Long> fetched = transactions.execute(status -> bounded
                .fetchEvents(GapAwareTrackingToken.newInstance(token, Set.of(filledGap)))
                .stream().map(row -> (Long) row[0]).toList());

        List<Long> axonsAnswer = jdbc.sql("SELECT global_index FROM domain_event_entry"
                        + " WHERE global_index > :token OR global_index IN (:gaps) ORDER BY global_index LIMIT :batch")
                .param("token", token).param("gaps", List.of(filledGap)).param("batch", bounded.batchSize())
                .query(Long.class).list();
        assertThat(fetched).isEqualTo(axonsAnswer);
        assertThat(fetched.get(0)).isEqualTo(filledGap);
        assertThat(fetched).contains(tasks.get(2)).doesNotContain(token).hasSizeLessThanOrEqualTo(bounded.batchSize());
    }

    @Test
    void withoutGapsItIsAxonsOwnFetch() {
        TestUser owner = register("No Gap Owner");
        UUID workspaceId = createWorkspace(owner, "No gaps");
        long first = firstIndexOf(createTask(owner, workspaceId, Map.of()).get("id").asString());
        BoundedFetchJpaEventStorageEngine bounded = (BoundedFetchJpaEventStorageEngine) engine;

        List<Long> fetched = transactions.execute(status -> bounded
                .fetchEvents(GapAwareTrackingToken.newInstance(first - 1, Set.of()))
                .stream().map(row -> (Long) row[0]).toList());

        assertThat(fetched).isNotEmpty().startsWith(first).isSorted();
    }

    @Test
    void anAppendInAWiderTransactionStoresItsEventsAndLeavesNoneManaged() {
        String id = UUID.randomUUID().toString();
        List<Object> seen = transactions.execute(status -> {
            engine.appendEvents(List.of(new GenericDomainEventMessage<>("Probe", id, 0, "first"),
                    new GenericDomainEventMessage<>("Probe", id, 1, "second")));
            engine.appendEvents(List.of(new GenericDomainEventMessage<>("Probe", id, 2, "third")));
            long stored = jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :id")
                    .param("id", id).query(Long.class).single();
            long managed = entityManager.unwrap(Session.class).getStatistics().getEntityCount();
            // Nothing of this probe may reach the projections.
            status.setRollbackOnly();
            return List.of(stored, managed);
        });
        assertThat(seen).containsExactly(3L, 0L);
    }

    private long firstIndexOf(String aggregateId) {
        return jdbc.sql("SELECT min(global_index) FROM domain_event_entry WHERE aggregate_identifier = :id")
                .param("id", aggregateId).query(Long.class).single();
    }
}
