package io.tandem.app.config;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Where the events live, chosen by the environment: Axon Server ({@code AXON_AXONSERVER_SERVERS}, which turns
 * {@code axon.axonserver.enabled} on), a PostgreSQL database of their own ({@code TANDEM_EVENT_STORE_URL}), or else
 * the main database. Read models, tokens and dead letters stay in the main database in every mode.
 */
enum EventStoreLocation {

    AXON_SERVER, OWN_DATABASE, MAIN_DATABASE;

    static final String OWN_DATABASE_URL = "tandem.event-store.url";

    static EventStoreLocation of(Environment environment) {
        if (environment.getProperty("axon.axonserver.enabled", Boolean.class, false)) {
            return AXON_SERVER;
        }
        return StringUtils.hasText(environment.getProperty(OWN_DATABASE_URL)) ? OWN_DATABASE : MAIN_DATABASE;
    }

    /** Matches when the events are in the main database (Axon's JPA storage there). */
    static final class InMainDatabase implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()) == MAIN_DATABASE;
        }
    }

    /** Matches when the events are in a database of their own (Axon's JDBC storage there). */
    static final class InOwnDatabase implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()) == OWN_DATABASE;
        }
    }
}
