package io.tandem.app.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The split-store run of the test suite ({@code -Dtandem.test.split-store=true}, or {@code TANDEM_TEST_SPLIT_STORE}):
 * every application under test keeps its events in a PostgreSQL database of their own, {@code <its database>_events}
 * (see {@link SplitEventStoreEnvironment}), and sends its commands and queries through buses that serialize them
 * as the Axon Server connector does ({@link SerializingBusesConfiguration}). The events then never share a
 * transaction or a join with the read models, as with Axon Server.
 */
public final class SplitEventStore {

    /** Set for each application under test in the split-store run. */
    public static final String PROPERTY = "tandem.test.split-store";
    static final String SUFFIX = "_events";

    private SplitEventStore() {
    }

    public static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY, System.getenv("TANDEM_TEST_SPLIT_STORE")));
    }

    /** The events' database of the application whose main database is at {@code jdbcUrl}. */
    public static String eventsUrl(String jdbcUrl) {
        return jdbcUrl.replaceFirst("/([^/?]+)(\\?.*)?$", "/$1" + SUFFIX + "$2");
    }

    /** Drops and creates the events' database beside the main database at {@code jdbcUrl}. */
    public static void recreate(String jdbcUrl, String username, String password) {
        String events = database(eventsUrl(jdbcUrl));
        try (Connection c = DriverManager.getConnection(serverUrl(jdbcUrl), username, password)) {
            c.createStatement().execute("drop database if exists " + events + " with (force)");
            c.createStatement().execute("create database " + events);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the test event store " + events, e);
        }
    }

    /** Creates the events' database beside the main database at {@code jdbcUrl} unless it exists. */
    static void ensure(String jdbcUrl, String username, String password) {
        String events = database(eventsUrl(jdbcUrl));
        try (Connection c = DriverManager.getConnection(serverUrl(jdbcUrl), username, password);
             var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, events);
            if (!exists.executeQuery().next()) {
                c.createStatement().execute("create database " + events);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the test event store " + events, e);
        }
    }

    private static String database(String jdbcUrl) {
        String name = jdbcUrl.replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("Test database name must match [a-z0-9_]+: " + name);
        }
        return name;
    }

    private static String serverUrl(String jdbcUrl) {
        return jdbcUrl.replaceFirst("/[^/?]+(\\?.*)?$", "/postgres");
    }
}
