package io.tandem.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LocalDependenciesBootstrapTest {

    private static final Path WORKING_DIRECTORY = Path.of("/srv/tandem");

    @Test
    void doesNothingUnlessRequested() {
        assertThat(LocalDependenciesBootstrap.startIfRequested(Map.of(), WORKING_DIRECTORY)).isEmpty();
    }

    @Test
    void defaultsPointAtTheLocalServersAndTheBuildsDistribution() {
        LocalDependencies.Settings settings = LocalDependenciesBootstrap.settings(Map.of(), WORKING_DIRECTORY);

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/tandem");
        assertThat(settings.username()).isEqualTo("postgres");
        assertThat(settings.password()).isEmpty();
        assertThat(settings.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(settings.elasticsearchUrl()).isEqualTo("http://127.0.0.1:9200");
        assertThat(settings.dataDirectory()).isEqualTo(Path.of("/srv/tandem/.data"));
        assertThat(settings.elasticsearchDistribution())
                .isEqualTo(Path.of("/srv/tandem/app/target/elasticsearch/elasticsearch.zip"));
    }

    @Test
    void postgresUrlWithCredentialsBecomesAJdbcUrl() {
        LocalDependencies.Settings settings = LocalDependenciesBootstrap.settings(
                Map.of("DATABASE_URL", "postgres://tandem:s3cret@db.internal:6543/tasks?sslmode=require"),
                WORKING_DIRECTORY);

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/tasks?sslmode=require");
        assertThat(settings.username()).isEqualTo("tandem");
        assertThat(settings.password()).isEqualTo("s3cret");
    }

    @Test
    void explicitUsernameWinsOverTheOneInTheUrl() {
        LocalDependencies.Settings settings = LocalDependenciesBootstrap.settings(
                Map.of("DATABASE_URL", "postgres://tandem@127.0.0.1/tandem", "DATABASE_USERNAME", "admin"),
                WORKING_DIRECTORY);

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1/tandem");
        assertThat(settings.username()).isEqualTo("admin");
    }

    @Test
    void databaseNamesThatWouldNeedEscapingAreRejected() {
        assertThatThrownBy(() -> PostgresTarget.parse("jdbc:postgresql://127.0.0.1:5432/tandem-dev"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[a-z0-9_]");
        assertThatThrownBy(() -> LocalDependencies.Settings.jdbcUrl("127.0.0.1", 5432, "Tandem"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
