package io.tandem.app.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.tandem.app.local.LocalDependencies;

/**
 * The PostgreSQL, Redis and Elasticsearch every integration test of the app runs against: reused when running,
 * otherwise started once per test JVM (data under {@code <repo>/.data/test}) and stopped when the JVM exits.
 * The test database ({@code TANDEM_TEST_DATABASE}, default {@code tandem_test}) is dropped and created empty
 * once per JVM, so each run starts clean.
 */
public final class TestDependencies {

    private static final String DEFAULT_DATABASE = "tandem_test";

    private static LocalDependencies.Connections connections;

    private TestDependencies() {
    }

    /** Makes the servers available, the first call in a JVM doing the work; later calls return the same facts. */
    public static synchronized LocalDependencies.Connections start() {
        if (connections == null) {
            Path repository = repositoryRoot();
            String database = System.getenv().getOrDefault("TANDEM_TEST_DATABASE", DEFAULT_DATABASE);
            LocalDependencies.Settings settings = new LocalDependencies.Settings(
                    LocalDependencies.Settings.jdbcUrl("127.0.0.1", 5432, database),
                    "postgres",
                    "",
                    "redis://127.0.0.1:6379",
                    "http://127.0.0.1:9200",
                    repository.resolve(".data/test"),
                    repository.resolve("app/target/elasticsearch/elasticsearch.zip"),
                    true);
            // Never closed here: its shutdown hook stops what it started once the last test of the JVM is done.
            connections = LocalDependencies.start(settings).connections();
            if (SplitEventStore.enabled()) {
                SplitEventStore.recreate(connections.jdbcUrl(), connections.username(), connections.password());
            }
        }
        return connections;
    }

    public static String jdbcUrl() {
        return start().jdbcUrl();
    }

    /** Where the suite's events are: the test database, or the events' own beside it in the split-store run. */
    public static String eventStoreJdbcUrl() {
        return SplitEventStore.enabled() ? SplitEventStore.eventsUrl(jdbcUrl()) : jdbcUrl();
    }

    public static String username() {
        return start().username();
    }

    public static String password() {
        return start().password();
    }

    public static String redisUrl() {
        return start().redisUrl();
    }

    public static String elasticsearchUrl() {
        return start().elasticsearchUrl();
    }

    /** {@code spring.datasource.*}, {@code spring.data.redis.url} and {@code tandem.elasticsearch.url}. */
    public static Map<String, String> springProperties() {
        return start().springProperties();
    }

    /** Surefire runs each module in its own directory, so the root is found by walking up to the wrapper. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No mvnw found above " + Path.of("").toAbsolutePath());
    }
}
