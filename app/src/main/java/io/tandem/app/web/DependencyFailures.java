package io.tandem.app.web;

import io.tandem.app.problem.ApiException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisCommandTimeoutException;
import org.axonframework.messaging.RemoteHandlingException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure that means "a dependency is down" (PostgreSQL, the event store, Redis unreachable; the
 * connection lost mid-request) from a bug: the first is answered 503 with {@code Retry-After}, since the request
 * may well succeed once the dependency is back, and nothing it did was acknowledged; the second stays a 500.
 *
 * <p>A failure that crossed a bus which serializes messages (Axon Server, the split-store mode) keeps only the
 * descriptions of its exception chain: the type names where Axon describes them, only the messages where Axon
 * Server's connector does, so both are read (the messages are those Spring and HikariCP give a connection that
 * could not be had, and those of PostgreSQL's driver for a lost connection).
 */
public final class DependencyFailures {

    /** Seconds a client is asked to wait before trying again. */
    public static final long RETRY_AFTER_SECONDS = 5;

    private static final List<String> UNAVAILABLE_TYPES = List.of(
            DataAccessResourceFailureException.class.getName(),
            "org.springframework.jdbc.CannotGetJdbcConnectionException",
            CannotCreateTransactionException.class.getName(),
            TransientDataAccessResourceException.class.getName(),
            SQLTransientConnectionException.class.getName(),
            SQLNonTransientConnectionException.class.getName(),
            SQLRecoverableException.class.getName(),
            ConnectException.class.getName(),
            RedisConnectionException.class.getName(),
            RedisCommandTimeoutException.class.getName());
    private static final List<String> UNAVAILABLE_MESSAGES = List.of(
            "Failed to obtain JDBC Connection",
            "Could not open JDBC Connection for transaction",
            "Could not open JPA EntityManager for transaction",
            "Connection is not available, request timed out",
            // PostgreSQL's JDBC driver, for a connection lost under a request or a server shutting down.
            "An I/O error occurred while sending to the backend",
            "This connection has been closed",
            "Connection is closed",
            "Unable to rollback against JDBC Connection",
            "terminating connection due to administrator command",
            "the database system is shutting down",
            "the database system is starting up",
            "the database system is in recovery mode");

    private DependencyFailures() {
    }

    /** Whether the failure, or anything that caused it, says a dependency could not be reached. */
    public static boolean unavailable(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable e = failure; e != null && seen.put(e, Boolean.TRUE) == null; e = e.getCause()) {
            if (e instanceof DataAccessResourceFailureException || e instanceof CannotCreateTransactionException
                    || e instanceof TransientDataAccessResourceException
                    || e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                    || e instanceof SQLRecoverableException || e instanceof ConnectException
                    || e instanceof RedisConnectionException || e instanceof RedisCommandTimeoutException) {
                return true;
            }
            if (e instanceof SQLException sql && connectionLost(sql.getSQLState())) {
                return true;
            }
            if (e instanceof RemoteHandlingException remote && remote.getExceptionDescriptions().stream()
                    .anyMatch(DependencyFailures::describesUnavailable)) {
                return true;
            }
        }
        return false;
    }

    /** The problem to answer for such a failure. */
    public static ApiException problem() {
        return ApiException.unavailable("A service this request needs is unavailable; try again shortly")
                .header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
    }

    /**
     * SQLSTATE class 08 is a connection exception; 57P01..57P03 are PostgreSQL shutting down, crashing or not yet
     * accepting connections (the backend was killed under the request).
     */
    private static boolean connectionLost(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    private static boolean describesUnavailable(String description) {
        return description != null && (UNAVAILABLE_TYPES.stream().anyMatch(type -> description.startsWith(type))
                || UNAVAILABLE_MESSAGES.stream().anyMatch(description::contains));
    }
}
