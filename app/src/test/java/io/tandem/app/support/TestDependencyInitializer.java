package io.tandem.app.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points the application under test at the test run's own database and dependencies ({@link TestDependencies}). */
public class TestDependencyInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final String LIVE_CHANNEL = "tandem-test:" + java.util.UUID.randomUUID() + ":live";

    /**
     * A test whose application must not share its processors' segments with the JVM's other applications (say, one
     * that adds a handler to a processor) names a database of its own with this property; it is created once.
     */
    public static final String OWN_DATABASE = "tandem.test.own-database";
    private static final java.util.Set<String> OWN_DATABASES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Map<String, Object> properties = properties();
        String main = TestDependencies.jdbcUrl();
        String own = context.getEnvironment().getProperty(OWN_DATABASE);
        if (own != null) {
            String database = System.getenv().getOrDefault("TANDEM_TEST_DATABASE", "tandem_test") + "_" + own;
            if (OWN_DATABASES.add(database)) {
                recreateDatabase(database);
            }
            main = jdbcUrl(database);
            properties.put("spring.datasource.url", main);
        }
        if (SplitEventStore.enabled()) {
            properties.put("tandem.event-store.url", SplitEventStore.eventsUrl(main));
        }
        context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("tandem-test-dependencies", properties));
    }

    /**
     * The Spring properties that reach the test dependencies (starting them on first use), this JVM's search index
     * and its mail server.
     */
    public static Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>(TestDependencies.springProperties());
        properties.put("tandem.search.index-prefix", TestSearchIndex.prefix());
        // Every application of this JVM shares the test database, so any of them may hold a processor's segment
        // and announce what it applied: they are replicas of one deployment and share its live channel, whatever
        // Redis key prefix each keeps for its rate limits.
        properties.put("tandem.live.channel", LIVE_CHANNEL);
        properties.putAll(TestMailServer.springProperties());
        if (SplitEventStore.enabled()) {
            properties.put(SplitEventStore.PROPERTY, "true");
        }
        return properties;
    }

    /** Drops and creates an extra database on the test PostgreSQL, for tests that need one of their own. */
    public static void recreateDatabase(String db) {
        if (!db.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("Test database name must match [a-z0-9_]+: " + db);
        }
        String server = TestDependencies.jdbcUrl().replaceFirst("/[^/?]+(\\?.*)?$", "/postgres");
        try (Connection c = DriverManager.getConnection(server, TestDependencies.username(), TestDependencies.password())) {
            c.createStatement().execute("drop database if exists " + db + " with (force)");
            c.createStatement().execute("create database " + db);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare test database " + db, e);
        }
        if (SplitEventStore.enabled()) {
            SplitEventStore.recreate(jdbcUrl(db), TestDependencies.username(), TestDependencies.password());
        }
    }

    /** The JDBC URL of a database on the test PostgreSQL. */
    public static String jdbcUrl(String db) {
        return TestDependencies.jdbcUrl().replaceFirst("/[^/?]+(\\?.*)?$", "/" + db);
    }
}
