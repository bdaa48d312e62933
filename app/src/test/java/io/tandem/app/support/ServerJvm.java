package io.tandem.app.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The application as a JVM of its own, on a test's database, for tests that kill the server (crash tests): it is
 * started with the test dependencies' settings, and can halt after committing a client operation (see
 * {@link CrashAfterCommitConfiguration}).
 */
public final class ServerJvm {

    private ServerJvm() {
    }

    /** Starts the server on {@code database} and {@code port}; {@code haltAfter} names an operation, or is null. */
    public static Process start(String database, int port, String haltAfter) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.tandem.app.TandemApplication"));
        Map<String, Object> properties = new LinkedHashMap<>(TestDependencyInitializer.properties());
        properties.put("spring.datasource.url", TestDependencyInitializer.jdbcUrl(database));
        properties.put("server.port", port);
        if (haltAfter != null) {
            properties.put(CrashAfterCommitConfiguration.PROPERTY, haltAfter);
        }
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        File log = new File("target/" + database + "-" + port + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    /** A client of the server once it answers (an anonymous /auth/me is refused with 401). */
    public static ApiClient awaitUp(int port, Process process) {
        ApiClient api = new ApiClient(port);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            assertThat(process.isAlive()).as("the server process is running").isTrue();
            return api.get("/api/v1/auth/me", null).status() == 401;
        });
        return api;
    }

    public static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Where a test's events are: its database, or the events' own in the split-store run. */
    public static String eventsUrl(String database) {
        String main = TestDependencyInitializer.jdbcUrl(database);
        return SplitEventStore.enabled() ? SplitEventStore.eventsUrl(main) : main;
    }

    /** The one number a counting query answers. */
    public static long count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, TestDependencies.username(), TestDependencies.password());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
