package io.tandem.app.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes PostgreSQL, Redis and Elasticsearch available: each one that answers on its configured host and port
 * is reused, each one that does not is started on this machine on that port. {@link #close()} (also run by a
 * JVM shutdown hook) stops exactly what this instance started.
 *
 * <p>A server is only started for a loopback address; an unreachable remote server is reported, because
 * starting one here would not make the configured address answer.
 */
public final class LocalDependencies implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalDependencies.class);

    /** A server this class can reuse or start. */
    public enum Dependency { POSTGRESQL, REDIS, ELASTICSEARCH }

    /**
     * What to connect to, and where to keep what is started here.
     *
     * @param jdbcUrl                   {@code jdbc:postgresql://host[:port]/database}; the database name may only use
     *                                  {@code [a-z0-9_]}, and the database is created when missing
     * @param username                  PostgreSQL user for a reused server
     * @param password                  its password, empty for none
     * @param redisUrl                  {@code redis://[user:password@]host[:port][/db]}
     * @param elasticsearchUrl          {@code http://host[:port]}
     * @param dataDirectory             keeps the data of started servers between runs
     * @param elasticsearchDistribution the Elasticsearch server zip; only read when Elasticsearch must be started
     * @param recreateDatabase          drop the database (ending its connections) and create it empty, for a clean
     *                                  test run
     */
    public record Settings(String jdbcUrl, String username, String password, String redisUrl,
                           String elasticsearchUrl, Path dataDirectory, Path elasticsearchDistribution,
                           boolean recreateDatabase) {

        public Settings {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(username, "username");
            password = password == null ? "" : password;
            Objects.requireNonNull(redisUrl, "redisUrl");
            Objects.requireNonNull(elasticsearchUrl, "elasticsearchUrl");
            dataDirectory = dataDirectory.toAbsolutePath().normalize();
            elasticsearchDistribution = elasticsearchDistribution.toAbsolutePath().normalize();
        }

        /** The JDBC URL for a database given as host, port and name. */
        public static String jdbcUrl(String host, int port, String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + PostgresTarget.checkedName(database);
        }
    }

    /**
     * How to reach the servers, whether reused or started.
     *
     * @param started the servers this instance started and will stop on {@link #close()}
     */
    public record Connections(String jdbcUrl, String username, String password, String redisUrl,
                              String elasticsearchUrl, Set<Dependency> started) {

        public Connections {
            started = started.isEmpty()
                    ? Collections.unmodifiableSet(EnumSet.noneOf(Dependency.class))
                    : Collections.unmodifiableSet(EnumSet.copyOf(started));
        }

        /** The Spring Boot properties that point the app at these servers. */
        public Map<String, String> springProperties() {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("spring.datasource.url", jdbcUrl);
            properties.put("spring.datasource.username", username);
            properties.put("spring.datasource.password", password);
            properties.put("spring.data.redis.url", redisUrl);
            properties.put("tandem.elasticsearch.url", elasticsearchUrl);
            return Collections.unmodifiableMap(properties);
        }
    }

    private final Connections connections;
    private final List<StartedServer> startedServers;
    private final Thread shutdownHook;
    private boolean closed;

    private LocalDependencies(Connections connections, List<StartedServer> startedServers) {
        this.connections = connections;
        this.startedServers = startedServers;
        this.shutdownHook = new Thread(this::close, "local-dependencies-shutdown");
        if (!startedServers.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /**
     * Reuses or starts each server, then makes sure the database exists. Blocks until every started server
     * answers (Elasticsearch may take half a minute).
     *
     * @throws IllegalStateException if a server can neither be reached nor started; whatever was started by
     *                               this call is stopped again first
     */
    public static LocalDependencies start(Settings settings) {
        List<StartedServer> started = new ArrayList<>();
        try {
            PostgresTarget database = PostgresTarget.parse(settings.jdbcUrl());
            String username = settings.username();
            String password = settings.password();
            Endpoint postgres = new Endpoint(database.host(), database.port());
            if (!postgres.reachable()) {
                postgres.requireLoopback("PostgreSQL");
                started.add(LocalPostgres.start(database.port(), settings.dataDirectory().resolve("postgres")));
                // A fresh local cluster knows only its trusted superuser, not the user configured for a shared one.
                username = LocalPostgres.SUPERUSER;
                password = "";
            }
            database.ensureDatabase(username, password, settings.recreateDatabase());

            Endpoint redis = Endpoint.of(URI.create(settings.redisUrl()), 6379);
            if (!redis.reachable()) {
                redis.requireLoopback("Redis");
                started.add(LocalRedis.start(redis.port(), settings.dataDirectory().resolve("redis")));
            }

            Endpoint elasticsearch = Endpoint.of(URI.create(settings.elasticsearchUrl()), 9200);
            if (!elasticsearch.reachable()) {
                elasticsearch.requireLoopback("Elasticsearch");
                started.add(LocalElasticsearch.start(settings.elasticsearchUrl(), elasticsearch.port(),
                        settings.elasticsearchDistribution(), settings.dataDirectory().resolve("elasticsearch")));
            }

            Set<Dependency> startedDependencies = EnumSet.noneOf(Dependency.class);
            started.forEach(server -> startedDependencies.add(server.dependency()));
            return new LocalDependencies(new Connections(settings.jdbcUrl(), username, password,
                    settings.redisUrl(), settings.elasticsearchUrl(), startedDependencies), started);
        } catch (IOException e) {
            stopAll(started);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stopAll(started);
            throw e;
        }
    }

    public Connections connections() {
        return connections;
    }

    /** Stops, newest first, the servers this instance started; servers it reused keep running. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAll(startedServers);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrNeverAdded) {
            // Either way there is nothing left for the hook to do.
        }
    }

    private static void stopAll(List<StartedServer> servers) {
        for (int i = servers.size() - 1; i >= 0; i--) {
            StartedServer server = servers.get(i);
            try {
                server.stop();
                log.info("Stopped the local {}", server.dependency());
            } catch (RuntimeException e) {
                // Keep going: one server that will not stop must not leave the others running.
                log.warn("Could not stop the local {}", server.dependency(), e);
            }
        }
    }
}
