package io.tandem.app.web.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.tandem.api.MetadataKeys;
import io.tandem.api.task.Priority;
import io.tandem.api.task.TaskCompletedEvent;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskStatus;
import io.tandem.app.analytics.AnalyticsCache;
import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiClient.Response;
import io.tandem.app.support.ApiTestBase;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Analytics end to end: figures on known data, periods, productivity, the Redis cache and who may read. */
class AnalyticsApiTest extends ApiTestBase {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    /**
     * The analytics processor is shared by every test of the suite (one database), so it may still be working off a
     * backlog another test left (the import test appends 10,000 tasks); catching up is what is checked, not speed.
     */
    private static final Duration CATCH_UP = Duration.ofSeconds(90);

    @Autowired
    private RedisClient redisClient;
    @Autowired
    private AnalyticsCache cache;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private EventStore eventStore;
    @Autowired
    private TransactionTemplate transactions;

    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;

    private TestUser owner;
    private TestUser member;
    private TestUser viewer;
    private UUID ws;

    @BeforeEach
    void setUp() {
        connection = redisClient.connect(StringCodec.UTF8);
        redis = connection.sync();
        owner = register("Olga Owner");
        member = register("Mika Member");
        viewer = register("Vera Viewer");
        ws = createWorkspace(owner, "Analytics");
        invite(owner, ws, member, "member");
        invite(owner, ws, viewer, "viewer");
    }

    @AfterEach
    void closeRedis() {
        connection.close();
    }

    @Test
    void overviewCountsAKnownDataSetToTheUnit() {
        String alpha = category("Alpha");
        String beta = category("Beta");
        Instant past = Instant.now().minus(2, ChronoUnit.DAYS);
        Instant future = Instant.now().plus(5, ChronoUnit.DAYS);
        createTask(owner, ws, fields("priority", "high", "categoryId", alpha, "dueDate", past.toString()));
        createTask(owner, ws, fields("priority", "high", "categoryId", alpha, "dueDate", future.toString()));
        complete(owner, createTask(owner, ws, fields("priority", "medium", "categoryId", beta)));
        complete(member, createTask(owner, ws, fields("priority", "low", "dueDate", past.toString())));
        createTask(owner, ws, fields("priority", "medium", "status", "in_progress"));
        delete(createTask(owner, ws, fields("priority", "low", "categoryId", beta, "dueDate", past.toString())));
        complete(member, createTask(owner, ws, fields("priority", "medium", "categoryId", beta, "dueDate", past.toString())));
        complete(member, createTask(owner, ws, fields("priority", "low", "dueDate", future.toString())));

        JsonNode o = overview(owner);

        assertThat(o.get("totalTasks").asLong()).isEqualTo(7);
        assertThat(o.get("openTasks").asLong()).isEqualTo(3);
        assertThat(o.get("completedTasks").asLong()).isEqualTo(4);
        // Only the open high-priority task is overdue: completed and deleted ones with past due dates are not.
        assertThat(o.get("overdueTasks").asLong()).isEqualTo(1);
        assertThat(o.get("completionRate").asDouble()).isEqualTo(0.5714);
        assertThat(counts(o.get("byPriority"))).containsExactly(Map.entry("low", 2L), Map.entry("medium", 3L), Map.entry("high", 2L));
        assertThat(counts(o.get("byStatus"))).containsExactly(Map.entry("todo", 2L), Map.entry("in_progress", 1L), Map.entry("done", 4L));
        assertThat(counts(o.get("byCategory"))).containsExactly(Map.entry(alpha, 2L), Map.entry(beta, 2L), Map.entry("none", 3L));
        assertThat(o.get("categoryNames").get(alpha).asString()).isEqualTo("Alpha");
        assertThat(o.get("categoryNames").get(beta).asString()).isEqualTo("Beta");
    }

    @Test
    void anEmptyWorkspaceHasZerosEverywhere() {
        JsonNode o = overview(viewer);

        assertThat(o.get("totalTasks").asLong()).isZero();
        assertThat(o.get("completionRate").asDouble()).isZero();
        assertThat(counts(o.get("byPriority"))).containsExactly(Map.entry("low", 0L), Map.entry("medium", 0L), Map.entry("high", 0L));
        assertThat(counts(o.get("byStatus"))).containsExactly(Map.entry("todo", 0L), Map.entry("in_progress", 0L), Map.entry("done", 0L));
        assertThat(counts(o.get("byCategory"))).containsExactly(Map.entry("none", 0L));
    }

    @Test
    void trendsAndProductivityCountEachCompletionOnItsDayForItsMember() {
        Instant now = Instant.now();
        // History, as events with past timestamps at 10:00 UTC of their day (so that "2 hours later" is the same day
        // whenever the test runs): created 10 days ago, completed by the member 8 days ago (48 hours later, a day
        // after its due date), and a task the owner completed 40 days ago, 2 hours after creating it.
        Instant tenAm = LocalDate.now(ZoneOffset.UTC).atTime(10, 0).toInstant(ZoneOffset.UTC);
        pastTask(member, tenAm.minus(10, ChronoUnit.DAYS), tenAm.minus(9, ChronoUnit.DAYS), tenAm.minus(8, ChronoUnit.DAYS));
        pastTask(owner, tenAm.minus(40, ChronoUnit.DAYS), null, tenAm.minus(40, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS));
        // Today, through the API: one completed on time by the member, one deleted (counts nowhere), one completed by
        // the owner, reopened and completed again by the member (two completions).
        complete(member, createTask(owner, ws, fields("dueDate", now.plus(1, ChronoUnit.DAYS).toString())));
        JsonNode deleted = createTask(owner, ws, fields());
        complete(owner, deleted);
        delete(deleted);
        JsonNode twice = createTask(owner, ws, fields());
        complete(owner, twice);
        assertThat(api.post(taskPath(twice) + "/reopen", null, owner.token()).status()).isEqualTo(200);
        complete(member, twice);

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        await().atMost(CATCH_UP).untilAsserted(() -> {
            Map<LocalDate, long[]> week = series(trends("7d"), 7);
            assertThat(week.get(today)).containsExactly(2, 3);
            assertThat(week.values().stream().mapToLong(day -> day[0]).sum()).isEqualTo(2);
            assertThat(week.values().stream().mapToLong(day -> day[1]).sum()).isEqualTo(3);
        });
        Map<LocalDate, long[]> month = series(trends("30d"), 30);
        assertThat(month.get(today.minusDays(10))).containsExactly(1, 0);
        assertThat(month.get(today.minusDays(8))).containsExactly(0, 1);
        assertThat(month.get(today)).containsExactly(2, 3);
        assertThat(month.values().stream().mapToLong(day -> day[0] + day[1]).sum()).isEqualTo(7);
        Map<LocalDate, long[]> quarter = series(trends("90d"), 90);
        assertThat(quarter.get(today.minusDays(40))).containsExactly(1, 1);
        assertThat(quarter.values().stream().mapToLong(day -> day[0] + day[1]).sum()).isEqualTo(9);
        assertThat(trends("30d").get("period").asString()).isEqualTo("30d");

        Map<UUID, JsonNode> week = productivity("7d");
        assertThat(week.get(member.id()).get("completed").asLong()).isEqualTo(2);
        assertThat(week.get(member.id()).get("onTimeRate").asDouble()).isEqualTo(1.0);
        assertThat(week.get(owner.id()).get("completed").asLong()).isEqualTo(1);

        Map<UUID, JsonNode> month30 = productivity("30d");
        JsonNode mika = month30.get(member.id());
        assertThat(mika.get("name").asString()).isEqualTo("Mika Member");
        assertThat(mika.get("completed").asLong()).isEqualTo(3);
        assertThat(mika.get("onTimeRate").asDouble()).isEqualTo(0.6667);
        assertThat(mika.get("avgCompletionHours").asDouble()).isCloseTo(16.0, within(0.01));
        assertThat(month30.get(owner.id()).get("completed").asLong()).isEqualTo(1);
        JsonNode vera = month30.get(viewer.id());
        assertThat(vera.get("name").asString()).isEqualTo("Vera Viewer");
        assertThat(vera.get("completed").asLong()).isZero();
        assertThat(vera.get("avgCompletionHours").isNull()).isTrue();
        assertThat(vera.get("onTimeRate").isNull()).isTrue();
        assertThat(month30).hasSize(3);

        JsonNode olga = productivity("90d").get(owner.id());
        assertThat(olga.get("completed").asLong()).isEqualTo(2);
        assertThat(olga.get("avgCompletionHours").asDouble()).isCloseTo(1.0, within(0.01));
        assertThat(olga.get("onTimeRate").asDouble()).isEqualTo(1.0);
    }

    @Test
    void theCacheAnswersUntilAChangeAndAChangeShowsAtOnce() {
        JsonNode task = createTask(owner, ws, fields("priority", "high"));
        createTask(owner, ws, fields("priority", "low"));
        awaitAnalyticsCaughtUp();
        String key = cache.key(ws, AnalyticsCache.overview());

        // Served from Redis: a doctored entry with the current stamp is what the endpoint answers.
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(overview(owner).get("totalTasks").asLong()).isEqualTo(2);
            String cached = redis.get(key);
            assertThat(cached).isNotNull();
            JsonNode entry = ApiClient.JSON.readTree(cached);
            ((ObjectNode) entry.get("value")).put("totalTasks", 999);
            redis.set(key, ApiClient.JSON.writeValueAsString(entry));
            assertThat(overview(owner).get("totalTasks").asLong()).isEqualTo(999);
        });
        redis.pexpire(key, Duration.ofSeconds(60).toMillis());

        // A change makes the entry stale as soon as the command has answered.
        complete(owner, task);
        JsonNode after = overview(owner);
        assertThat(after.get("totalTasks").asLong()).isEqualTo(2);
        assertThat(after.get("completedTasks").asLong()).isEqualTo(1);
        assertThat(counts(after.get("byStatus"))).containsEntry("done", 1L);
        long ttl = redis.pttl(key);
        assertThat(ttl).isBetween(1L, 60_000L);
    }

    @Test
    void eachEventEvictsTheWorkspaceEntries() {
        JsonNode task = createTask(owner, ws, fields());
        awaitAnalyticsCaughtUp();
        List<String> keys = List.of(cache.key(ws, AnalyticsCache.overview()), cache.key(ws, "trends:7d"),
                cache.key(ws, "productivity:30d"));
        // The creation's own eviction runs just after its batch commits, so it may still remove what the first
        // reads cache; reads after it keep theirs.
        await().atMost(PATIENCE).untilAsserted(() -> {
            overview(owner);
            trends("7d");
            productivity("30d");
            assertThat(redis.exists(keys.toArray(String[]::new))).isEqualTo(3);
        });

        delete(task);

        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(redis.exists(keys.toArray(String[]::new))).isZero());
        assertThat(overview(owner).get("totalTasks").asLong()).isZero();
    }

    @Test
    void membersViewersAndAuditorsReadStrangersFindNothing() {
        TestUser stranger = register("Stan Stranger");
        TestUser auditor = auditor();
        for (String path : List.of("/overview", "/trends?period=7d", "/productivity?period=30d")) {
            String url = "/api/v1/workspaces/" + ws + "/analytics" + path;
            assertThat(api.get(url, viewer.token()).status()).as(path).isEqualTo(200);
            assertThat(api.get(url, member.token()).status()).as(path).isEqualTo(200);
            assertThat(api.get(url, auditor.token()).status()).as(path).isEqualTo(200);
            assertThat(api.get(url, stranger.token()).status()).as(path).isEqualTo(404);
            assertThat(api.get(url, null).status()).as(path).isEqualTo(401);
        }
        assertThat(api.get("/api/v1/workspaces/" + UUID.randomUUID() + "/analytics/overview", owner.token()).status())
                .isEqualTo(404);
    }

    @Test
    void anUnknownPeriodIsABadRequest() {
        for (String path : List.of("/trends?period=14d", "/trends?period=", "/productivity?period=1y")) {
            Response r = api.get("/api/v1/workspaces/" + ws + "/analytics" + path, owner.token());
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(trends(null).get("series")).hasSize(30);
    }

    private JsonNode overview(TestUser user) {
        Response r = api.get("/api/v1/workspaces/" + ws + "/analytics/overview", user.token());
        assertThat(r.status()).as("overview: %s", r).isEqualTo(200);
        return r.json();
    }

    private JsonNode trends(String period) {
        Response r = api.get("/api/v1/workspaces/" + ws + "/analytics/trends" + (period == null ? "" : "?period=" + period),
                owner.token());
        assertThat(r.status()).as("trends: %s", r).isEqualTo(200);
        return r.json();
    }

    private Map<UUID, JsonNode> productivity(String period) {
        Response r = api.get("/api/v1/workspaces/" + ws + "/analytics/productivity?period=" + period, viewer.token());
        assertThat(r.status()).as("productivity: %s", r).isEqualTo(200);
        Map<UUID, JsonNode> members = new HashMap<>();
        r.json().get("members").forEach(m -> members.put(UUID.fromString(m.get("userId").asString()), m));
        return members;
    }

    /** Day → {created, completed}, after checking one point per day, oldest first, ending today. */
    private static Map<LocalDate, long[]> series(JsonNode trends, int days) {
        JsonNode series = trends.get("series");
        assertThat(series).hasSize(days);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<LocalDate, long[]> byDay = new HashMap<>();
        for (int i = 0; i < days; i++) {
            JsonNode point = series.get(i);
            LocalDate date = LocalDate.parse(point.get("date").asString());
            assertThat(date).isEqualTo(today.minusDays(days - 1 - i));
            byDay.put(date, new long[] {point.get("created").asLong(), point.get("completed").asLong()});
        }
        return byDay;
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        object.properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private String category(String name) {
        Response r = api.post("/api/v1/workspaces/" + ws + "/categories", Map.of("name", name), owner.token());
        assertThat(r.status()).as("category: %s", r).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private String taskPath(JsonNode task) {
        return "/api/v1/workspaces/" + ws + "/tasks/" + task.get("id").asString();
    }

    private void complete(TestUser user, JsonNode task) {
        Response r = api.post(taskPath(task) + "/complete", null, user.token());
        assertThat(r.status()).as("complete: %s", r).isEqualTo(200);
    }

    private void delete(JsonNode task) {
        assertThat(api.delete(taskPath(task), owner.token()).status()).isEqualTo(204);
    }

    /** A task created and completed in the past: its two events appended with those timestamps. */
    private void pastTask(TestUser completedBy, Instant createdAt, Instant dueDate, Instant completedAt) {
        UUID taskId = UUID.randomUUID();
        TaskCreatedEvent created = new TaskCreatedEvent(taskId, ws, owner.id(), "From the past", null, Priority.MEDIUM,
                null, List.of(), null, dueDate, false, null, false, null, TaskStatus.TODO, null, false, null, 1);
        TaskCompletedEvent completed = new TaskCompletedEvent(taskId, ws, completedAt);
        transactions.executeWithoutResult(status -> eventStore.publish(
                new GenericDomainEventMessage<>("Task", taskId.toString(), 0, created,
                        Map.of(MetadataKeys.USER_ID, owner.id().toString()), UUID.randomUUID().toString(), createdAt),
                new GenericDomainEventMessage<>("Task", taskId.toString(), 1, completed,
                        Map.of(MetadataKeys.USER_ID, completedBy.id().toString()), UUID.randomUUID().toString(), completedAt)));
    }

    /** Until the analytics read model has applied every task event of the workspace that the task list has. */
    private void awaitAnalyticsCaughtUp() {
        await().atMost(CATCH_UP).until(() -> jdbc.sql("""
                        SELECT NOT EXISTS (SELECT 1 FROM tasks t LEFT JOIN analytics_tasks a ON a.task_id = t.id
                                            WHERE t.workspace_id = :ws AND (a.version IS NULL OR a.version < t.version))
                        """)
                .param("ws", ws)
                .query(Boolean.class)
                .single());
    }
}
