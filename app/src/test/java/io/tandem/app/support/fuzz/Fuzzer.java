package io.tandem.app.support.fuzz;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends generated cases and checks every answer: no 5xx; no stack trace, exception or internal class name in any
 * body; every 4xx is {@code application/problem+json} with type, title, status and detail; invalid input is
 * refused; and a 400 for a wrong value names the field. Findings are collected, never thrown, so one run reports
 * them all, each with its seed, case number and the request that caused it.
 */
public final class Fuzzer {

    /** What an answer broke, and the request that made it. */
    public record Finding(long seed, int index, String operation, String kind, String target, String problem,
                          int status, String request, String answer) {

        @Override
        public String toString() {
            return "[" + problem + "] " + operation + " (" + kind + ", " + target + ") seed " + seed + " case " + index
                    + " -> " + status + "\n  request: " + request.replace("\n", "\n    ")
                    + "\n  answer: " + answer;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern LEAK = Pattern.compile(
            "\\b(?:java|javax|jakarta|sun|jdk)\\.[a-z]|org\\.springframework|org\\.apache|org\\.hibernate|org\\.postgresql"
                    + "|org\\.axonframework|tools\\.jackson|com\\.fasterxml|com\\.zaxxer|io\\.tandem|co\\.elastic|io\\.lettuce"
                    + "|\\tat [\\w$.]+\\(|\\bat [\\w$]+\\.[\\w$.]+\\([\\w$]+\\.java:\\d+\\)|\\b[A-Z]\\w*Exception\\b"
                    + "|\\b[A-Z][a-z]+[A-Z]\\w*Error\\b|Apache Tomcat|Whitelabel|Caused by:|Stack ?trace");
    private static final int MAX_PER_GROUP = 3;

    private final BadInputGenerator generator;
    private final String host;
    private final int port;
    private final long seed;

    private final Map<String, List<Finding>> findings = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> perOperation = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> perKind = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder findingCount = new LongAdder();
    private long millis;

    public Fuzzer(BadInputGenerator generator, String host, int port, long seed) {
        this.generator = generator;
        this.host = host;
        this.port = port;
        this.seed = seed;
    }

    /** Sends cases {@code 0..cases-1} over {@code threads} connections; {@code progress} is called now and then. */
    public Fuzzer run(int cases, int threads, java.util.function.IntConsumer progress) throws InterruptedException {
        long start = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                try (RawHttp http = new RawHttp(host, port)) {
                    for (int i = next.getAndIncrement(); i < cases; i = next.getAndIncrement()) {
                        try {
                            one(http, generator.generate(seed, i));
                        } catch (RuntimeException e) {
                            throw new IllegalStateException("The fuzzer failed at seed " + seed + " case " + i, e);
                        }
                        if (progress != null && i > 0 && i % 5_000 == 0) {
                            progress.accept(i);
                        }
                    }
                }
            }));
        }
        pool.shutdown();
        for (java.util.concurrent.Future<?> worker : workers) {
            try {
                worker.get(6, TimeUnit.HOURS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                pool.shutdownNow();
                throw new IllegalStateException("The fuzzer stopped", e);
            }
        }
        millis = (System.nanoTime() - start) / 1_000_000;
        return this;
    }

    /** Sends one case and checks its answer. */
    public void one(RawHttp http, FuzzCase c) {
        sent.increment();
        perOperation.computeIfAbsent(c.operation(), k -> new LongAdder()).increment();
        perKind.computeIfAbsent(c.kind(), k -> new LongAdder()).increment();
        RawHttp.Answer answer;
        try {
            answer = http.exchange(c.request());
        } catch (IOException e) {
            http.close();
            statuses.computeIfAbsent("no answer", k -> new LongAdder()).increment();
            find(c, "no answer (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", -1, "");
            return;
        }
        statuses.computeIfAbsent(answer.status() == 0 ? "closed" : String.valueOf(answer.status()),
                k -> new LongAdder()).increment();
        check(c, answer);
    }

    private void check(FuzzCase c, RawHttp.Answer answer) {
        int status = answer.status();
        String text = answer.text();
        // /health and /ready report the dependencies with 503 when one is down (as the contract says): not an error.
        // A 503 "unavailable" problem is a dependency that did not answer in time (search under the fuzzer's load):
        // counted in the histogram, not a verdict on the input.
        boolean dependencyReport = status == 503 && (c.operation().equals("GET /health") || c.operation().equals("GET /ready")
                || text.contains("\"type\":\"" + "urn:tandem:problem:unavailable\""));
        if (status >= 500 && !dependencyReport) {
            find(c, status + " answer", status, text);
        }
        boolean metrics = c.operation().endsWith(" /metrics") && status == 200;
        if (!metrics && LEAK.matcher(text).find()) {
            find(c, "leaks internals", status, text);
        }
        if (status >= 200 && status < 400 && c.mustRefuse() && !everyOperationRejected(text)) {
            find(c, "invalid input accepted", status, text);
        }
        if (status >= 400 && status < 500 && !c.head()) {
            String type = answer.header("content-type");
            if (type == null || !type.startsWith("application/problem+json")) {
                find(c, "4xx is not problem+json (" + type + ")", status, text);
                return;
            }
            JsonNode problem;
            try {
                problem = JSON.readTree(text);
            } catch (RuntimeException e) {
                find(c, "problem is not JSON", status, text);
                return;
            }
            for (String member : List.of("type", "title", "status", "detail")) {
                if (!problem.hasNonNull(member)) {
                    find(c, "problem lacks " + member, status, text);
                }
            }
            if (problem.path("status").asInt() != status) {
                find(c, "problem status differs from HTTP status", status, text);
            }
            if (status == 400 && c.field() != null && !names(problem, c.field()) && !namesOnlyAbsent(problem, c)) {
                find(c, "400 does not name the field", status, text);
            }
        }
    }

    private static boolean names(JsonNode problem, String field) {
        for (JsonNode error : problem.path("errors")) {
            String named = error.path("field").asString("");
            if (named.equals(field) || named.endsWith("." + field) || named.startsWith(field + "[")
                    || named.startsWith(field + ".") || named.contains("." + field + "[") || named.contains("." + field + ".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The contract answers a sync push 200 with a result per operation, a refused one as {@code rejected} (it does not
     * stop the others): a push whose every operation was rejected refused the input.
     */
    private static boolean everyOperationRejected(String text) {
        try {
            JsonNode results = JSON.readTree(text).path("results");
            if (!results.isArray() || results.isEmpty()) {
                return false;
            }
            for (JsonNode result : results) {
                if (!result.path("status").asString("").equals("rejected")) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A 400 that names only fields the body did not have (a required field missing) is fair: the generated body
     * holds the wrong value and only the fields the description marks required.
     */
    private static boolean namesOnlyAbsent(JsonNode problem, FuzzCase c) {
        String body = new String(c.request(), java.nio.charset.StandardCharsets.UTF_8);
        int named = 0;
        for (JsonNode error : problem.path("errors")) {
            String field = error.path("field").asString("");
            String leaf = field.replaceAll("\\[\\d+]", "").replaceAll(".*\\.", "");
            if (leaf.isEmpty() || body.contains("\"" + leaf + "\":")) {
                return false;
            }
            named++;
        }
        return named > 0;
    }

    private void find(FuzzCase c, String problem, int status, String answer) {
        findingCount.increment();
        String group = problem.replaceAll("\\(.*", "") + " | " + c.operation() + " | " + c.kind();
        List<Finding> list = findings.computeIfAbsent(group, k -> Collections.synchronizedList(new ArrayList<>()));
        if (list.size() < MAX_PER_GROUP) {
            String request = FuzzCase.show(c.request(), 1_000_000)
                    .replace(generator.world().seeded.token(), "<seeded owner's token>")
                    .replace(generator.world().scratch.token(), "<scratch owner's token>");
            request = request.length() > 900 ? request.substring(0, 900) + "... (" + c.request().length + " bytes)" : request;
            list.add(new Finding(seed, c.index(), c.operation(), c.kind(), c.target(), problem, status, request,
                    FuzzCase.show(answer.getBytes(java.nio.charset.StandardCharsets.UTF_8), 500)));
        }
    }

    public long sent() {
        return sent.sum();
    }

    public long findingCount() {
        return findingCount.sum();
    }

    /** Finding groups (problem, operation, kind) with up to three examples each. */
    public Map<String, List<Finding>> findings() {
        return new TreeMap<>(findings);
    }

    public Map<String, Long> statusHistogram() {
        return sorted(statuses);
    }

    public Map<String, Long> perOperation() {
        return sorted(perOperation);
    }

    public Map<String, Long> perKind() {
        return sorted(perKind);
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        new TreeMap<>(counts).forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The whole report: counts, histogram and every finding group with its examples. */
    public String report() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("fuzz: seed %d, %d cases against %d operations in %.1f s (%.0f cases/s)%n", seed,
                sent(), generator.operations().size(), millis / 1000.0, sent() * 1000.0 / Math.max(1, millis)));
        out.append("status histogram: ").append(statusHistogram()).append('\n');
        out.append("per kind: ").append(perKind()).append('\n');
        out.append("per operation:\n");
        perOperation().forEach((op, n) -> out.append(String.format("  %6d  %s%n", n, op)));
        out.append("findings: ").append(findingCount()).append(" in ").append(findings.size()).append(" groups\n");
        findings().forEach((group, examples) -> {
            out.append("== ").append(group).append('\n');
            examples.forEach(f -> out.append(f).append('\n'));
        });
        return out.toString();
    }
}
