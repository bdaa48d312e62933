package io.tandem.bench;

import java.util.Map;

import io.tandem.app.support.fuzz.Fuzzer;
import io.tandem.app.support.fuzz.FuzzSession;

/**
 * The bad-input fuzzer of {@code BadInputFuzzTest} for a long run: the app in-process on a database of its own,
 * every operation of its live OpenAPI description, generated bad input sent over raw HTTP/1.1. Prints how many
 * cases it sent, per operation and per kind, the status histogram, whether the seeded workspace is unchanged, and
 * every finding (a 5xx, a leak, a non-problem 4xx, accepted invalid input, a 400 not naming its field) with the
 * request that caused it. Usage: {@code bench/run Fuzz [cases (50000)] [connections (2)] [seed]}; a finding is
 * replayed alone by its seed and case number ({@code -Dtandem.fuzz.seed=} in the test).
 */
public final class FuzzBenchmark {

    private FuzzBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : FuzzSession.seed();
        boolean clean;
        try (BenchServer server = BenchServer.start("tandem_bench_fuzz", Map.of(
                "tandem.rate-limit.api-requests", "100000000",
                "tandem.rate-limit.api-requests-per-ip", "100000000",
                "tandem.rate-limit.login-failures-per-ip", "100000000",
                "tandem.rate-limit.login-failures-per-account", "100000000",
                "tandem.rate-limit.account-tokens-per-ip", "100000000"))) {
            System.out.println("fuzz: seed " + seed + ", " + cases + " cases over " + connections + " connections");
            FuzzSession session = new FuzzSession(server.api, server.context, seed);
            Fuzzer fuzzer = session.run(cases, connections,
                    done -> System.out.printf("fuzz: %d cases sent%n", done));
            System.out.print(fuzzer.report());
            boolean unchanged = session.after().equals(session.before);
            System.out.println("seeded workspace unchanged: " + (unchanged ? "yes" : "NO, it changed"));
            clean = unchanged && fuzzer.findingCount() == 0;
            System.out.println(clean ? "fuzz: nothing found" : "fuzz: FOUND problems (above)");
        }
        System.exit(clean ? 0 : 1);
    }
}
