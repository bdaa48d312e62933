package io.tandem.projection;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * The slice the relational projections need: a DataSource, JdbcClient, transactions and Flyway. Axon,
 * JPA and Elasticsearch are left out on purpose: the tests call the handlers as plain beans, so an event
 * store or a query bus would only add ways to fail that are not the projections'.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({
        DataSourceAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class,
        JdbcClientAutoConfiguration.class,
        TransactionAutoConfiguration.class,
        FlywayAutoConfiguration.class})
@ComponentScan(basePackages = {"io.tandem.projection.workspace", "io.tandem.projection.tasklist",
        "io.tandem.projection.analytics"})
@Import(DeletionFacts.class)
public class ProjectionsTestApplication {

    /** Each test run starts from an empty schema, so the migration itself is tested too. */
    @Bean
    FlywayMigrationStrategy cleanThenMigrate() {
        return flyway -> {
            flyway.clean();
            flyway.migrate();
        };
    }
}
