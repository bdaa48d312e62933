package io.tandem.app.config;

import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The PostgreSQL database that holds only the events ({@code TANDEM_EVENT_STORE_URL}), with its own pool, its own
 * transactions and its own migrations ({@code db/eventstore}). Deliberately not a {@code DataSource} or transaction
 * manager bean: the main database's stay the application's only ones, and nothing but the storage engine and the
 * command bus reaches this one.
 */
final class OwnEventStoreDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final DataSourceTransactionManager transactions;

    OwnEventStoreDatabase(String url, String username, String password, int poolSize, Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("event-store");
        // While the database is down a write waits this long for a connection, then answers 503.
        config.setConnectionTimeout(connectionTimeout.toMillis());
        this.dataSource = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/eventstore").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        this.transactions = new DataSourceTransactionManager(dataSource);
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    DataSourceTransactionManager transactions() {
        return transactions;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
