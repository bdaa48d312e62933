package io.tandem.app.support.fuzz;

import java.net.URI;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.tandem.app.support.ApiClient;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import tools.jackson.databind.JsonNode;

/**
 * One fuzzing session against a running application: reads its live OpenAPI description, seeds the data, takes a
 * reading of the seeded workspace, then runs the generator. Shared by {@code BadInputFuzzTest} and
 * {@code FuzzBenchmark}. The seed comes from {@code -Dtandem.fuzz.seed} (random otherwise, and printed).
 */
public final class FuzzSession {

    public static final String SEED_PROPERTY = "tandem.fuzz.seed";
    public static final String CASES_PROPERTY = "tandem.fuzz.cases";

    public final long seed;
    public final List<ApiDescription.Operation> operations;
    public final FuzzWorld world;
    public final JsonNode before;
    private final ApiClient api;
    private final URI base;

    public FuzzSession(ApiClient api, ApplicationContext context, long seed) {
        this.api = api;
        this.seed = seed;
        this.base = URI.create(api.base());
        ApiClient.Response docs = api.get("/v3/api-docs", null);
        if (docs.status() != 200) {
            throw new IllegalStateException("No OpenAPI description: " + docs);
        }
        this.operations = ApiDescription.operations(docs.json());
        System.out.println("fuzz: OpenAPI " + docs.json().path("openapi").asString() + ", " + operations.size() + " operations");
        this.world = FuzzWorld.seed(api, context == null ? null : context.getBean(JwtEncoder.class));
        this.before = world.snapshot(api);
    }

    /** The seed of this run: {@code -Dtandem.fuzz.seed}, or a new one. */
    public static long seed() {
        String given = System.getProperty(SEED_PROPERTY);
        return given == null || given.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(given.trim());
    }

    /** {@code -Dtandem.fuzz.cases}, or the default given. */
    public static int cases(int fallback) {
        String given = System.getProperty(CASES_PROPERTY);
        return given == null || given.isBlank() ? fallback : Integer.parseInt(given.trim());
    }

    public Fuzzer run(int cases, int threads, java.util.function.IntConsumer progress) throws InterruptedException {
        BadInputGenerator generator = new BadInputGenerator(operations, world, base.getHost() + ":" + base.getPort(), cases);
        return new Fuzzer(generator, base.getHost(), base.getPort(), seed).run(cases, threads, progress);
    }

    /** A reading of the seeded workspace now, to compare with {@link #before}. */
    public JsonNode after() {
        return world.snapshot(api);
    }
}
