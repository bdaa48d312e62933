package io.tandem.projection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Base of the projection tests: they run against the real PostgreSQL on 127.0.0.1:5432, in a database
 * of their own that is created on first use and migrated from scratch for each test run.
 */
@SpringBootTest(classes = ProjectionsTestApplication.class, properties = {
        "spring.flyway.clean-disabled=false",
        "spring.flyway.locations=classpath:db/migration"})
public abstract class PostgresProjectionTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String DATABASE = "tandem_projections_test";
    private static final String USER = "postgres";

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    private TransactionTemplate transactions;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws SQLException {
        createDatabaseIfMissing();
        registry.add("spring.datasource.url", () -> SERVER + DATABASE);
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> "");
    }

    @BeforeEach
    void emptyReadModels() {
        jdbc.sql("TRUNCATE task_tags, tasks, workspace_members, categories, workspaces").update();
    }

    /** Runs handler calls in one transaction, as Axon does for each batch of events. */
    protected void inTransaction(Runnable handlerCalls) {
        transactions.executeWithoutResult(status -> handlerCalls.run());
    }

    private static void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
            boolean exists;
            try (PreparedStatement check = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                check.setString(1, DATABASE);
                try (ResultSet rs = check.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + DATABASE);
                } catch (SQLException raced) {
                    // Another test JVM may have created it in the meantime; 42P04 is duplicate_database.
                    if (!"42P04".equals(raced.getSQLState())) {
                        throw raced;
                    }
                }
            }
        }
    }
}
