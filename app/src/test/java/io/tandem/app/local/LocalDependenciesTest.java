package io.tandem.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.tandem.app.local.LocalDependencies.Dependency;
import io.tandem.app.local.LocalDependencies.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Against real servers: the PostgreSQL this machine runs on 5432, and a PostgreSQL, Redis and Elasticsearch that
 * the shared instance starts on free ports (Elasticsearch takes about half a minute, so it is started once).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalDependenciesTest {

    private static final Path DATA = Path.of("target/local-dependencies-test").toAbsolutePath();
    private static final Path DISTRIBUTION = Path.of("target/elasticsearch/elasticsearch.zip").toAbsolutePath();
    private static final String SHARED_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private Settings settings;
    private LocalDependencies started;

    @BeforeAll
    void startEverythingOnFreePorts() throws IOException {
        LocalPostgres.deleteRecursively(DATA.resolve("postgres"));
        settings = new Settings(Settings.jdbcUrl("127.0.0.1", freePort(), "tandem"), "postgres", "",
                "redis://127.0.0.1:" + freePort(), "http://127.0.0.1:" + freePort(), DATA, DISTRIBUTION, false);
        started = LocalDependencies.start(settings);
    }

    @AfterAll
    void stopEverything() {
        started.close();
    }

    @Test
    @Order(1)
    void unreachablePostgresIsStartedWithTheDatabaseCreated() throws SQLException {
        assertThat(started.connections().started()).contains(Dependency.POSTGRESQL);
        assertThat(DATA.resolve("postgres/PG_VERSION")).exists();
        try (Connection connection = connect(started.connections().jdbcUrl(), started.connections().username())) {
            assertThat(scalar(connection, "SELECT current_database()")).isEqualTo("tandem");
        }
    }

    @Test
    @Order(2)
    void reachablePostgresIsReusedAndTheDatabaseCreated() throws SQLException {
        String database = "tandem_local_it_" + ProcessHandle.current().pid();
        Settings sharedPostgres = new Settings(Settings.jdbcUrl("127.0.0.1", 5432, database), "postgres", "",
                settings.redisUrl(), settings.elasticsearchUrl(), DATA, DISTRIBUTION, false);
        try (LocalDependencies reused = LocalDependencies.start(sharedPostgres)) {
            assertThat(reused.connections().started()).isEmpty();
            try (Connection connection = connect(SHARED_POSTGRES_URL, "postgres")) {
                assertThat(scalar(connection,
                        "SELECT count(*) FROM pg_database WHERE datname = '" + database + "'")).isEqualTo("1");
            }
        } finally {
            try (Connection connection = connect(SHARED_POSTGRES_URL, "postgres");
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    @Order(3)
    void recreatingTheDatabaseLeavesItEmpty() throws SQLException {
        String database = "tandem_local_it_fresh_" + ProcessHandle.current().pid();
        Settings fresh = new Settings(Settings.jdbcUrl("127.0.0.1", 5432, database), "postgres", "",
                settings.redisUrl(), settings.elasticsearchUrl(), DATA, DISTRIBUTION, true);
        try {
            try (LocalDependencies first = LocalDependencies.start(fresh);
                 Connection connection = connect(first.connections().jdbcUrl(), "postgres");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE leftover (id int)");
            }
            try (LocalDependencies second = LocalDependencies.start(fresh);
                 Connection connection = connect(second.connections().jdbcUrl(), "postgres")) {
                assertThat(scalar(connection, "SELECT count(*) FROM pg_tables WHERE tablename = 'leftover'"))
                        .isEqualTo("0");
            }
        } finally {
            try (Connection connection = connect(SHARED_POSTGRES_URL, "postgres");
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    @Order(4)
    void unreachableRedisIsStartedAndAnswersPing() throws IOException {
        assertThat(started.connections().started()).contains(Dependency.REDIS);
        assertThat(ping(port(settings.redisUrl()))).isEqualTo("+PONG");
    }

    @Test
    @Order(5)
    void unreachableElasticsearchIsStartedFromTheZipAndReportsHealth() throws Exception {
        assertThat(started.connections().started()).contains(Dependency.ELASTICSEARCH);
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(settings.elasticsearchUrl() + "/_cluster/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"cluster_name\":\"tandem-local\"");
    }

    @Test
    @Order(6)
    void aSecondInstanceReusesWhatTheFirstStartedAndLeavesItRunning() throws IOException {
        try (LocalDependencies second = LocalDependencies.start(settings)) {
            assertThat(second.connections().started()).isEmpty();
            assertThat(second.connections().jdbcUrl()).isEqualTo(started.connections().jdbcUrl());
        }
        assertThat(ping(port(settings.redisUrl()))).isEqualTo("+PONG");
        assertThat(reachable(port(settings.elasticsearchUrl()))).isTrue();
    }

    @Test
    @Order(7)
    void closeStopsWhatItStarted() {
        started.close();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(reachable(port(settings.redisUrl()))).as("Redis").isFalse();
            assertThat(reachable(port(settings.elasticsearchUrl()))).as("Elasticsearch").isFalse();
            assertThat(reachable(port(settings.jdbcUrl().substring("jdbc:".length())))).as("PostgreSQL").isFalse();
        });
    }

    private static Connection connect(String jdbcUrl, String user) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, "");
    }

    private static String scalar(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String ping(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    private static boolean reachable(int port) {
        return new Endpoint("127.0.0.1", port).reachable();
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
