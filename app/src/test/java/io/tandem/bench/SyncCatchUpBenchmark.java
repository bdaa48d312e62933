package io.tandem.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tandem.api.MetadataKeys;
import io.tandem.api.sync.FindLatestSyncTokenQuery;
import io.tandem.api.sync.SyncToken;
import io.tandem.api.task.CreateTaskCommand;
import io.tandem.app.support.ApiClient;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import tools.jackson.databind.JsonNode;

/**
 * Catch-up: how fast a client starting from no token pulls a workspace with 100 000 operations (pages of 500).
 * Seeds with commands sent straight to the command gateway (16 threads), waits until the sync log holds them all,
 * then pulls the whole log twice over HTTP and prints ops/s. Usage: bench/run SyncCatchUp [operations]
 */
public final class SyncCatchUpBenchmark {

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (BenchServer server = BenchServer.start("tandem_sync_bench_catchup")) {
            UUID workspace = server.workspace("Catch-up");
            CommandGateway commands = server.context.getBean(CommandGateway.class);
            QueryGateway queries = server.context.getBean(QueryGateway.class);
            long seedStart = System.nanoTime();
            int seeds = total - 2;
            ExecutorService seeders = Executors.newFixedThreadPool(16);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                done.add(seeders.submit(() -> {
                    for (int i = thread; i < seeds; i += 16) {
                        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new CreateTaskCommand(
                                UUID.randomUUID(), workspace, server.userId, "Seed " + i, null, null, null, null, null,
                                null, false, null, false, null, null, null))
                                .andMetaData(Map.of(MetadataKeys.USER_ID, server.userId.toString())));
                    }
                    return null;
                }));
            }
            for (Future<?> seeder : done) {
                seeder.get();
            }
            seeders.shutdown();
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            System.out.printf("seeded %d task creations with commands in %.1f s (%.0f ops/s)%n", seeds, seedSeconds,
                    seeds / seedSeconds);
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
