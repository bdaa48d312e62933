package io.tandem.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.api.MetadataKeys;
import io.tandem.api.sync.FindLatestSyncTokenQuery;
import io.tandem.api.sync.SyncToken;
import io.tandem.api.task.Priority;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskStatus;
import io.tandem.app.support.ApiClient;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Catch-up: how fast a client starting from no token pulls a workspace with 100 000 operations (pages of 500).
 * Seeds task creations straight into the event store (500 per transaction), waits until the sync log's projection
 * holds them all, then pulls the whole log twice over HTTP and prints ops/s. Usage: bench/run SyncCatchUp [operations]
 */
public final class SyncCatchUpBenchmark {

    private static final int SEED_BATCH = 500;

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (BenchServer server = BenchServer.start("tandem_sync_bench_catchup")) {
            UUID workspace = server.workspace("Catch-up");
            EventStore eventStore = server.context.getBean(EventStore.class);
            TransactionTemplate transactions = new TransactionTemplate(
                    server.context.getBean(PlatformTransactionManager.class));
            QueryGateway queries = server.context.getBean(QueryGateway.class);
            // The seed goes straight into the event store, 500 task creations per transaction: what is measured is the
            // pull, and the sync log is built by its projection from these events like from any others.
            long seedStart = System.nanoTime();
            int seeds = total - 2;
            Map<String, String> metadata = Map.of(MetadataKeys.USER_ID, server.userId.toString());
            for (int from = 0; from < seeds; from += SEED_BATCH) {
                List<DomainEventMessage<?>> batch = new ArrayList<>();
                for (int i = from; i < Math.min(seeds, from + SEED_BATCH); i++) {
                    UUID taskId = UUID.randomUUID();
                    batch.add(new GenericDomainEventMessage<>("Task", taskId.toString(), 0,
                            new TaskCreatedEvent(taskId, workspace, server.userId, "Seed " + i, null, Priority.MEDIUM,
                                    null, List.of(), null, null, false, null, false, null, TaskStatus.TODO, null, false,
                                    null, 1), metadata));
                }
                transactions.executeWithoutResult(status -> eventStore.publish(batch));
            }
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            System.out.printf("seeded %d task creations into the event store in %.1f s%n", seeds, seedSeconds);
            long logStart = System.nanoTime();
            while (SyncToken.decode(queries.query(new FindLatestSyncTokenQuery(workspace), String.class).join(),
                    workspace, "token").seq() < total) {
                Thread.sleep(200);
            }
            System.out.printf("sync log caught up %.1f s after seeding ended%n", (System.nanoTime() - logStart) / 1e9);
            for (int run = 1; run <= 2; run++) {
                long start = System.nanoTime();
                long operations = pullAll(server.api, server.token, workspace);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("catch-up run %d: pulled %d operations from no token in %.2f s = %.0f ops/s%n",
                        run, operations, seconds, operations / seconds);
            }
        }
        System.exit(0);
    }

    private static long pullAll(ApiClient api, String token, UUID workspace) {
        String since = null;
        long count = 0;
        while (true) {
            ApiClient.Response r = api.get("/api/v1/workspaces/" + workspace + "/sync/pull?limit=500"
                    + (since == null ? "" : "&since=" + since), token);
            if (r.status() != 200) {
                throw new IllegalStateException("pull failed: " + r);
            }
            JsonNode page = r.json();
            count += page.get("operations").size();
            since = page.get("nextToken").asString();
            if (!page.get("hasMore").asBoolean()) {
                return count;
            }
        }
    }
}
