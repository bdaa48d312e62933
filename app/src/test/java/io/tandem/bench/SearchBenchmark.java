package io.tandem.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.tandem.api.MetadataKeys;
import io.tandem.api.task.CreateTaskCommand;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
import io.tandem.api.task.Priority;
import io.tandem.api.task.SearchTasksQuery;
import io.tandem.api.task.TaskFilter;
import io.tandem.api.task.TaskStatus;
import io.tandem.app.support.ApiClient;
import io.tandem.app.support.TestDependencies;
import io.tandem.projection.search.SearchIndex;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Search on a workspace of 100 000 tasks: seeds them through the command bus (parallel senders, so every task goes
 * through the event store and the projections), then measures search latency over HTTP for a few hundred varied
 * queries (p50/p95), and the indexing lag from a create's HTTP answer to the task being found by search (p50/p99).
 *
 * <p>{@code bench/run Search [tasks] [queries] [lagSamples]}; defaults 100000, 400, 200. Runs on its own database
 * {@code tandem_bench_search} and index prefix {@code tandem-bench-search}, both recreated each run.
 */
public final class SearchBenchmark {

    private static final String DATABASE = "tandem_bench_search";
    private static final String INDEX_PREFIX = "tandem-bench-search";
    private static final int SENDERS = 8;
    private static final int IN_FLIGHT = 256;

    private static final String[] WORDS = ("account agenda alarm annual answer apply archive audit backup badge "
            + "balance banner basket battery bicycle billing birthday blender booking border bottle branch breakfast "
            + "budget bulletin cabinet calendar camera campaign candle canvas capital carpet catalog ceiling chapter "
            + "charger checkout chimney client closet coffee collect comment contract cookie copper corridor coupon "
            + "courier cushion customer dashboard database deadline delivery dentist deploy design desktop diagram "
            + "dinner discount document drawer driveway election email engine estimate exhibit expense factory "
            + "feedback festival figure filter firewall flight folder forecast fountain freezer furniture gadget "
            + "garage garden gateway gazebo grocery guitar hallway hammer harvest headline heater helmet holiday "
            + "hosting insurance interview inventory invoice jacket journal kettle keyboard kitchen ladder laptop "
            + "laundry lawnmower lecture ledger library license lighting luggage mailbox manual marathon margin "
            + "meeting mentor message migration mirror monitor mortgage network notebook office onboarding orchard "
            + "package painting pantry parking passport payment payroll pension picnic pillow pipeline planner "
            + "plumbing podcast portfolio poster printer product project proposal quarter receipt recipe refund "
            + "release renewal report request research review roadmap router salary sandbox schedule scooter "
            + "seminar server shelf shipment shopping sidewalk signature sofa speaker sprint staircase statement "
            + "storage strategy subscription supplier survey sweater syllabus tablet taxes teacher template "
            + "terrace ticket timesheet toolbox trailer training transfer trolley tutorial umbrella upgrade vacation "
            + "vacuum vendor ventilation voucher wallet warranty website wedding window workshop").split(" ");
    private static final String[] TAGS = {"home", "work", "urgent", "errand", "finance", "health", "family",
            "travel", "client", "someday", "weekly", "blocked", "review", "ideas", "car"};

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int taskCount = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queryCount = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int lagSamples = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        String esUrl = TestDependencies.elasticsearchUrl();
        deleteIndices(esUrl);
        try (BenchServer server = BenchServer.start(DATABASE, Map.of("tandem.search.index-prefix", INDEX_PREFIX,
                "tandem.auth.bcrypt-strength", "4", "spring.main.banner-mode", "off"))) {
            ConfigurableApplicationContext app = server.context;
            ApiClient api = server.api;
            String token = server.token;
            UUID userId = server.userId;
            UUID workspace = server.workspace("Bench");
            CommandGateway commands = app.getBean(CommandGateway.class);

            System.out.printf("Seeding %,d tasks through the command bus (%d senders)...%n", taskCount, SENDERS);
            long seedStart = System.nanoTime();
            seed(commands, workspace, userId, taskCount);
            double commandSeconds = (System.nanoTime() - seedStart) / 1e9;
            System.out.printf("  commands done in %.1f s (%.0f tasks/s); waiting for the search index...%n",
                    commandSeconds, taskCount / commandSeconds);
            long indexed;
            do {
                Thread.sleep(1000);
                indexed = countDocuments(esUrl);
            } while (indexed < taskCount);
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            System.out.printf("  all %,d tasks searchable after %.1f s (%.0f tasks/s end to end)%n",
                    taskCount, seedSeconds, taskCount / seedSeconds);

            Random random = new Random(42);
            List<String> querySamples = new ArrayList<>();
            for (int i = 0; i < queryCount + 50; i++) {
                querySamples.add(randomQuery(random));
            }
            ElasticsearchClient elasticsearch = app.getBean(ElasticsearchClient.class);
            SearchIndex index = app.getBean(SearchIndex.class);
            for (String q : querySamples.subList(0, 50)) { // warm-up of both paths
                search(api, workspace, q, token);
                elasticsearch.search(index.searchRequest(searchQuery(workspace, q)), JsonData.class);
            }
            // Each query goes over HTTP through Tandem, then the identical Elasticsearch request (the one the query
            // handler builds) straight to Elasticsearch with the application's own client: the difference is
            // Tandem's share, and Elasticsearch's "took" is its own time for the query.
            List<Double> latencies = new ArrayList<>();
            List<Double> direct = new ArrayList<>();
            List<Double> took = new ArrayList<>();
            long hitsTotal = 0;
            for (String q : querySamples.subList(50, querySamples.size())) {
                long start = System.nanoTime();
                long total = search(api, workspace, q, token);
                latencies.add((System.nanoTime() - start) / 1e6);
                hitsTotal += total;
                start = System.nanoTime();
                SearchResponse<JsonData> response = elasticsearch.search(
                        index.searchRequest(searchQuery(workspace, q)), JsonData.class);
                direct.add((System.nanoTime() - start) / 1e6);
                took.add((double) response.took());
                if (response.hits().total().value() != total) {
                    throw new IllegalStateException("Direct query " + q + " found " + response.hits().total().value()
                            + ", Tandem " + total);
                }
            }
            System.out.printf("Search latency over HTTP, %d varied queries on %,d tasks (avg %,d matches): p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                    queryCount, taskCount, hitsTotal / queryCount, percentile(latencies, 50), percentile(latencies, 95),
                    Collections.max(latencies));
            System.out.printf("  the same requests straight to Elasticsearch: p50 %.1f ms, p95 %.1f ms (Elasticsearch's took: p50 %.0f ms, p95 %.0f ms)%n",
                    percentile(direct, 50), percentile(direct, 95), percentile(took, 50), percentile(took, 95));

            List<Double> lags = new ArrayList<>();
            String tasks = "/api/v1/workspaces/" + workspace + "/tasks";
            for (int i = 0; i < lagSamples; i++) {
                String word = "lagprobe" + i + "x" + random.nextInt(1_000_000);
                var created = api.post(tasks, Map.of("title", "Probe " + word), token);
                if (created.status() != 201) {
                    throw new IllegalStateException("create failed: " + created);
                }
                long answered = System.nanoTime();
                while (search(api, workspace, word, token) < 1) {
                    Thread.sleep(2);
                    if (System.nanoTime() - answered > TimeUnit.SECONDS.toNanos(30)) {
                        throw new IllegalStateException("Task " + word + " not searchable after 30 s");
                    }
                }
                lags.add((System.nanoTime() - answered) / 1e6);
            }
            System.out.printf("Indexing lag, create answered -> found by search, %d creates: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    lagSamples, percentile(lags, 50), percentile(lags, 99), Collections.max(lags));
        } finally {
            deleteIndices(esUrl);
        }
        // The test dependencies (the mail server's thread among them) would keep the JVM alive.
        System.exit(0);
    }

    private static void seed(CommandGateway commands, UUID workspace, UUID userId, int count) throws Exception {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> done = new ArrayList<>();
        int perSender = (count + SENDERS - 1) / SENDERS;
        for (int s = 0; s < SENDERS; s++) {
            int from = s * perSender;
            int to = Math.min(count, from + perSender);
            done.add(senders.submit(() -> {
                Random random = new Random(from);
                for (int i = from; i < to; i++) {
                    inFlight.acquireUninterruptibly();
                    CreateTaskCommand command = new CreateTaskCommand(UUID.randomUUID(), workspace, userId,
                            words(random, 3 + random.nextInt(4)), words(random, 8 + random.nextInt(12)),
                            Priority.values()[random.nextInt(3)], null, tags(random), null,
                            random.nextInt(3) == 0 ? null : java.time.Instant.parse("2030-01-01T00:00:00Z")
                                    .plus(Duration.ofHours(random.nextInt(24 * 365))),
                            false, null, false, null, TaskStatus.values()[random.nextInt(2)], i);
                    commands.send(GenericCommandMessage.asCommandMessage(command)
                                    .andMetaData(MetaData.with(MetadataKeys.USER_ID, userId.toString())))
                            .whenComplete((r, e) -> {
                                inFlight.release();
                                if (e != null) {
                                    e.printStackTrace();
                                }
                            });
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        inFlight.acquireUninterruptibly(IN_FLIGHT);
        senders.shutdown();
    }

    /** Single words, typos, prefixes, two-word phrases, and words with a list filter. */
    private static String randomQuery(Random random) {
        String word = WORDS[random.nextInt(WORDS.length)];
        return switch (random.nextInt(5)) {
            case 0 -> word;
            case 1 -> typo(word, random);
            case 2 -> word.substring(0, 3 + random.nextInt(Math.max(1, word.length() - 3)));
            case 3 -> word + " " + WORDS[random.nextInt(WORDS.length)];
            default -> word + "&priority=high&completed=false";
        };
    }

    /** The query Tandem builds for {@code query} as {@link #search} sends it. */
    private static SearchTasksQuery searchQuery(UUID workspace, String query) {
        int amp = query.indexOf('&');
        String text = amp < 0 ? query : query.substring(0, amp);
        TaskFilter filter = amp < 0 ? TaskFilter.none()
                : new TaskFilter(null, Priority.HIGH, false, null, null, null, null, null);
        return new SearchTasksQuery(workspace, text, filter, 0, 20);
    }

    private static String typo(String word, Random random) {
        int i = 1 + random.nextInt(word.length() - 2);
        char[] c = word.toCharArray();
        char t = c[i];
        c[i] = c[i + 1];
        c[i + 1] = t;
        return new String(c);
    }

    private static long search(ApiClient api, UUID workspace, String query, String token) {
        int amp = query.indexOf('&');
        String q = amp < 0 ? query : query.substring(0, amp);
        String rest = amp < 0 ? "" : query.substring(amp);
        var r = api.get("/api/v1/workspaces/" + workspace + "/tasks/search?size=20&q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8) + rest, token);
        if (r.status() != 200) {
            throw new IllegalStateException("search " + query + ": " + r);
        }
        return r.json().get("total").asLong();
    }

    private static String words(Random random, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return b.toString();
    }

    private static List<String> tags(Random random) {
        List<String> tags = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            tags.add(TAGS[random.nextInt(TAGS.length)]);
        }
        return tags;
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static long countDocuments(String esUrl) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(esUrl + "/" + INDEX_PREFIX + "/_count")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? ApiClient.JSON.readTree(r.body()).get("count").asLong() : 0;
    }

    /** Deletes this benchmark's indices by name (Elasticsearch refuses a wildcard delete by default). */
    private static void deleteIndices(String esUrl) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        String names = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(esUrl + "/_cat/indices/"
                        + INDEX_PREFIX + "-v*?h=index&allow_no_indices=true")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body().strip().replaceAll("\\s+", ",");
        if (!names.isEmpty()) {
            var deleted = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(esUrl + "/" + names))
                    .DELETE().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (deleted.statusCode() != 200) {
                throw new IllegalStateException("Cannot delete " + names + ": " + deleted.body());
            }
        }
    }
}
