package io.tandem.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Push: operations per second applied in batches of 100 by one client (each push answers after the sync log has
 * followed it). Half the operations create tasks, half update them. Usage: bench/run SyncPush [operations]
 */
public final class SyncPushBenchmark {

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        try (BenchServer server = BenchServer.process("sync-push", "tandem_sync_bench_push")) {
            UUID warmup = server.workspace("Warm-up");
            for (int i = 0; i < 10; i++) {
                server.push(warmup, BenchServer.creates(100, "warm-up"));
            }
            UUID workspace = server.workspace("Push");
            List<List<Map<String, Object>>> batches = new ArrayList<>();
            for (int b = 0; b < total / 200; b++) {
                List<Map<String, Object>> creates = BenchServer.creates(100, "task " + b);
                List<Map<String, Object>> updates = new ArrayList<>();
                for (Map<String, Object> create : creates) {
                    updates.add(BenchServer.operation("update", UUID.fromString((String) create.get("entityId")),
                            Map.of("description", "updated", "priority", "high"), 1L));
                }
                batches.add(creates);
                batches.add(updates);
            }
            long start = System.nanoTime();
            for (List<Map<String, Object>> batch : batches) {
                server.push(workspace, batch);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int operations = batches.size() * 100;
            System.out.printf("push: %d operations in %d batches of 100 in %.2f s = %.0f ops/s (%.1f ms per batch)%n",
                    operations, batches.size(), seconds, operations / seconds, seconds * 1000 / batches.size());
        }
        System.exit(0);
    }
}
