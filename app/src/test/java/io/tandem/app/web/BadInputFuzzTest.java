package io.tandem.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.app.support.ApiTestBase;
import io.tandem.app.support.fuzz.Fuzzer;
import io.tandem.app.support.fuzz.FuzzSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Every operation of the live OpenAPI description against generated bad input (wrong types per field, huge and odd
 * strings, lone surrogates, broken JSON, deep nesting, bad ids, query strings and tokens, wrong content types): no
 * answer is a 5xx or leaks internals, every 4xx is a problem, a wrong value's 400 names the field, and the seeded
 * workspace, which only ever received input that must be refused, is unchanged. The seed is printed;
 * {@code -Dtandem.fuzz.seed=} replays a run and {@code -Dtandem.fuzz.cases=} sets its size.
 */
@TestPropertySource(properties = {
        // Thousands of failed logins and token submissions from one address; the limiter would answer 429 to all.
        "tandem.rate-limit.login-failures-per-ip=1000000",
        "tandem.rate-limit.login-failures-per-account=1000000",
        "tandem.rate-limit.account-tokens-per-ip=1000000"})
class BadInputFuzzTest extends ApiTestBase {

    @Autowired
    ApplicationContext context;

    @Test
    void noBadInputGetsA5xxALeakOrAChange() throws InterruptedException {
        long seed = FuzzSession.seed();
        System.out.println("BadInputFuzzTest seed " + seed + " (-D" + FuzzSession.SEED_PROPERTY + "=" + seed + " replays it)");
        FuzzSession session = new FuzzSession(api, context, seed);
        Fuzzer fuzzer = session.run(FuzzSession.cases(3_000), 1, null);
        String report = fuzzer.report();
        System.out.println(report);

        assertThat(session.operations).as("operations in the OpenAPI description").hasSizeGreaterThan(30);
        assertThat(fuzzer.perOperation().keySet()).as("every operation was fuzzed")
                .containsExactlyInAnyOrderElementsOf(session.operations.stream().map(o -> o.key()).toList());
        assertThat(fuzzer.findingCount()).as("findings of seed %d:%n%s", seed, report).isZero();
        assertThat(session.after()).as("the seeded workspace after the run (seed %d)", seed).isEqualTo(session.before);
    }
}
