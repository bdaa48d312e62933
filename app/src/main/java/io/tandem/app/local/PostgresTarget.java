package io.tandem.app.local;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/** The PostgreSQL server and database named by a JDBC URL, and the one thing done to it: make the database exist. */
record PostgresTarget(String host, int port, String database, String query) {

    private static final String PREFIX = "jdbc:postgresql://";
    // The name ends up inside SQL (CREATE DATABASE takes no bind parameters), so only plain identifiers pass.
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9_]{1,63}");
    private static final String DUPLICATE_DATABASE = "42P04";

    static PostgresTarget parse(String jdbcUrl) {
        if (!jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("Expected one host in " + jdbcUrl);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        return new PostgresTarget(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(),
                checkedName(database), uri.getRawQuery());
    }

    static String checkedName(String database) {
        if (database == null || !SAFE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException(
                    "Database name must be 1 to 63 characters of [a-z0-9_], was: " + database);
        }
        return database;
    }

    /**
     * Connects to the server's {@code postgres} database and creates {@link #database()} if it is missing;
     * with {@code recreate}, first drops it, ending the sessions still connected to it.
     */
    void ensureDatabase(String username, String password, boolean recreate) {
        String adminUrl = PREFIX + host + ":" + port + "/postgres" + (query == null ? "" : "?" + query);
        Properties credentials = new Properties();
        credentials.setProperty("user", username);
        if (!password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        String quoted = '"' + database + '"';
        try (Connection connection = DriverManager.getConnection(adminUrl, credentials);
             Statement statement = connection.createStatement()) {
            if (recreate) {
                statement.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
            }
            if (!exists(connection)) {
                statement.execute("CREATE DATABASE " + quoted);
            }
        } catch (SQLException e) {
            if (DUPLICATE_DATABASE.equals(e.getSQLState())) {
                return; // another process created it between our check and our CREATE
            }
            throw new IllegalStateException("Could not make sure database " + database + " exists on "
                    + host + ":" + port + " as " + username + ": " + e.getMessage(), e);
        }
    }

    private boolean exists(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            select.setString(1, database);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }
}
