package io.tandem.app.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongSupplier;

import io.tandem.app.support.ApiClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * A sync client as an offline-first app would write it: local copies of the workspace's tasks and categories,
 * a queue of operations made offline (applied locally at once), push of the queue, and pull from its token,
 * applying every operation in order. Pulled operations are kept, so tests can check what arrived.
 */
public final class SyncClient {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ApiClient api;
    private final UUID workspaceId;
    private final String accessToken;
    private final Map<UUID, Map<String, Object>> tasks = new TreeMap<>();
    private final Map<UUID, Map<String, Object>> categories = new TreeMap<>();
    private final List<Map<String, Object>> queue = new ArrayList<>();
    private final List<JsonNode> pulled = new ArrayList<>();
    private String token;
    private LongSupplier clock = System::currentTimeMillis;

    public SyncClient(ApiClient api, UUID workspaceId, String accessToken) {
        this.api = api;
        this.workspaceId = workspaceId;
        this.accessToken = accessToken;
    }

    /** The device's clock, which stamps each queued operation. */
    public SyncClient clock(LongSupplier clock) {
        this.clock = clock;
        return this;
    }

    public Map<UUID, Map<String, Object>> tasks() {
        return tasks;
    }

    public Map<UUID, Map<String, Object>> categories() {
        return categories;
    }

    public List<JsonNode> pulled() {
        return pulled;
    }

    public String token() {
        return token;
    }

    public UUID createTask(Map<String, Object> fields) {
        UUID id = UUID.randomUUID();
        Map<String, Object> local = new LinkedHashMap<>(fields);
        local.put("id", id.toString());
        tasks.put(id, local);
        enqueue("create", "task", id, fields, null);
        return id;
    }

    public void updateTask(UUID id, Map<String, Object> changes) {
        Map<String, Object> local = tasks.get(id);
        Object version = local.get("version");
        local.putAll(changes);
        enqueue("update", "task", id, changes, version == null ? null : ((Number) version).longValue());
    }

    public void deleteTask(UUID id) {
        tasks.remove(id);
        enqueue("delete", "task", id, Map.of(), null);
    }

    public String enqueue(String type, String entityType, UUID entityId, Map<String, ?> data, Long baseVersion) {
        Map<String, Object> operation = new LinkedHashMap<>();
        String id = UUID.randomUUID().toString();
        operation.put("id", id);
        operation.put("type", type);
        operation.put("entityType", entityType);
        operation.put("entityId", entityId.toString());
        operation.put("data", data);
        operation.put("baseVersion", baseVersion);
        operation.put("timestamp", clock.getAsLong());
        queue.add(operation);
        return id;
    }

    public List<Map<String, Object>> queue() {
        return queue;
    }

    /** Pushes the queue in batches of at most 500; answers every result. The queue is empty afterwards. */
    public List<JsonNode> push() {
        List<JsonNode> results = new ArrayList<>();
        while (!queue.isEmpty()) {
            List<Map<String, Object>> batch = new ArrayList<>(queue.subList(0, Math.min(500, queue.size())));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("operations", batch);
            body.put("lastSyncToken", token);
            ApiClient.Response r = api.post(base() + "/push", body, accessToken);
            assertThat(r.status()).as("push: %s", r).isEqualTo(200);
            r.json().get("results").forEach(results::add);
            token = r.json().get("nextToken").asString();
            queue.subList(0, batch.size()).clear();
        }
        refresh(results);
        return results;
    }

    /**
     * The push's token skips the client's own operations, so what the server made of them (defaults, merges,
     * fields the server kept) is read back for every task the push touched.
     */
    private void refresh(List<JsonNode> results) {
        for (JsonNode result : results) {
            if (result.get("status").asString().equals("rejected")) {
                continue;
            }
            UUID id = entityId(result);
            ApiClient.Response r = api.get("/api/v1/workspaces/" + workspaceId + "/tasks/" + id, accessToken);
            if (r.status() == 404) {
                tasks.remove(id);
            } else if (r.status() == 200) {
                tasks.put(id, ApiClient.JSON.convertValue(r.json(), MAP));
            }
        }
    }

    private static UUID entityId(JsonNode result) {
        return UUID.fromString(result.get("entityId").asString());
    }

    /** Pulls until the server has nothing more, applying each operation; answers how many arrived. */
    public int pull() {
        int count = 0;
        while (true) {
            ApiClient.Response r = api.get(base() + "/pull" + (token == null ? "" : "?since=" + token), accessToken);
            assertThat(r.status()).as("pull: %s", r).isEqualTo(200);
            for (JsonNode operation : r.json().get("operations")) {
                apply(operation);
                pulled.add(operation);
                count++;
            }
            token = r.json().get("nextToken").asString();
            if (!r.json().get("hasMore").asBoolean()) {
                return count;
            }
        }
    }

    public void sync() {
        push();
        pull();
    }

    private void apply(JsonNode operation) {
        String entityType = operation.get("entityType").asString();
        Map<UUID, Map<String, Object>> store = entityType.equals("task") ? tasks
                : entityType.equals("category") ? categories : null;
        if (store == null) {
            return;
        }
        UUID id = UUID.fromString(operation.get("entityId").asString());
        Map<String, Object> data = ApiClient.JSON.convertValue(operation.get("data"), MAP);
        switch (operation.get("type").asString()) {
            case "create" -> store.put(id, new LinkedHashMap<>(data));
            case "update" -> store.computeIfAbsent(id, key -> new LinkedHashMap<>()).putAll(data);
            default -> store.remove(id);
        }
        if (store.containsKey(id) && entityType.equals("task")) {
            store.get(id).put("version", operation.get("version").asLong());
        }
    }

    private String base() {
        return "/api/v1/workspaces/" + workspaceId + "/sync";
    }
}
