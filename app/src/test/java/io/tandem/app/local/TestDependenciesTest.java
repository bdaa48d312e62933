package io.tandem.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import io.tandem.app.support.TestDependencies;
import org.junit.jupiter.api.Test;

/** The helper every integration test relies on, checked against the servers it resolves to. */
class TestDependenciesTest {

    @Test
    void resolvesOnceToServersThatAnswer() throws Exception {
        LocalDependencies.Connections connections = TestDependencies.start();

        assertThat(TestDependencies.start()).isSameAs(connections);
        assertThat(TestDependencies.springProperties()).containsEntry("spring.datasource.url", TestDependencies.jdbcUrl())
                .containsEntry("spring.data.redis.url", TestDependencies.redisUrl())
                .containsEntry("tandem.elasticsearch.url", TestDependencies.elasticsearchUrl())
                .containsKeys("spring.datasource.username", "spring.datasource.password");
        try (Connection connection = DriverManager.getConnection(TestDependencies.jdbcUrl(),
                TestDependencies.username(), TestDependencies.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_database()")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo(System.getenv().getOrDefault("TANDEM_TEST_DATABASE", "tandem_test"));
        }
        HttpResponse<Void> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(TestDependencies.elasticsearchUrl() + "/_cluster/health")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Endpoint.of(URI.create(TestDependencies.redisUrl()), 6379).reachable()).isTrue();
    }
}
