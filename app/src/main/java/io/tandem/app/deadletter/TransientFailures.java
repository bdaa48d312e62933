package io.tandem.app.deadletter;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import io.lettuce.core.RedisException;
import org.axonframework.common.AxonTransientException;
import org.springframework.dao.NonTransientDataAccessResourceException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure of the surroundings (a database, Elasticsearch or Redis that cannot be reached or is overloaded, a
 * lock or serialization conflict, a timeout) from a failure of the event itself. The first kind goes away by itself
 * and must be retried with the event where it is; only the second kind may be parked. Anything not recognised as
 * transient counts as the event's own failure.
 */
public final class TransientFailures {

    /**
     * PostgreSQL SQLSTATE classes and codes that describe the server or the connection, not the statement: connection
     * exceptions (08), transaction rollbacks such as serialization failures and deadlocks (40), insufficient resources
     * (53), operator intervention such as a shutdown (57), system errors (58), lock not available and a cancelled
     * statement (55P03, 57014).
     */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "40", "53", "57", "58");
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("55P03", "57014");
    /**
     * HTTP statuses of Elasticsearch that mean "not now": a timeout, a version conflict (another writer changed the
     * document between its read and this write; the retry reads it again), too many requests, bad gateway,
     * unavailable.
     */
    private static final Set<Integer> TRANSIENT_HTTP = Set.of(408, 409, 429, 502, 503, 504);

    private TransientFailures() {
    }

    /** Whether anything in the cause chain is a transient failure. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (isTransientItself(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransientItself(Throwable cause) {
        if (cause instanceof NonTransientDataAccessResourceException) {
            return false;
        }
        if (cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
                || cause instanceof DataAccessResourceFailureException
                || cause instanceof CannotCreateTransactionException || cause instanceof TransactionSystemException
                || cause instanceof AxonTransientException
                || cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
                || cause instanceof TimeoutException || cause instanceof RedisException
                || cause instanceof TransportException) {
            return true;
        }
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return TRANSIENT_SQL_STATES.contains(state)
                    || (state.length() >= 2 && TRANSIENT_SQL_CLASSES.contains(state.substring(0, 2)));
        }
        if (cause instanceof ElasticsearchException elastic) {
            return TRANSIENT_HTTP.contains(elastic.status());
        }
        // Elasticsearch's client and the JDK's HTTP stack report unreachable hosts and cut connections as I/O errors.
        return cause instanceof IOException;
    }
}
