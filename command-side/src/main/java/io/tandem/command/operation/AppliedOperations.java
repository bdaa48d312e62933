package io.tandem.command.operation;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.tandem.api.DomainException;
import io.tandem.api.MetadataKeys;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MetaData;

/**
 * The client operations an aggregate has applied, with the version each produced: event-sourced state, rebuilt
 * from the {@value MetadataKeys#CLIENT_OPERATION_ID} metadata its events carry. Because the decision "was this
 * applied?" is taken by the aggregate from its own events, it commits with those events in one append, wherever the
 * event store is: a repeat is refused with the version it produced, also after a crash between the append and
 * anything else.
 */
public final class AppliedOperations {

    private final Map<String, Long> versions = new HashMap<>();

    /**
     * Runs a command unless its client operation was applied before, which is refused with
     * {@link io.tandem.api.ErrorCode#ALREADY_APPLIED} and nothing written. Called from the aggregate's
     * {@code @CommandHandlerInterceptor}.
     */
    public Object handle(CommandMessage<?> command, InterceptorChain chain, LongSupplier version) throws Exception {
        String operationId = operationId(command.getMetaData());
        if (operationId != null) {
            Long produced = versions.get(operationId);
            if (produced != null) {
                throw DomainException.alreadyApplied(operationId, produced);
            }
        }
        long before = version.getAsLong();
        Object result = chain.proceed();
        long after = version.getAsLong();
        if (operationId != null && after > before) {
            versions.merge(operationId, after, Math::max);
        }
        return result;
    }

    /** Called by each event-sourcing handler with the event's metadata and the version the event produced. */
    public void record(MetaData eventMetaData, long version) {
        String operationId = operationId(eventMetaData);
        if (operationId != null) {
            versions.merge(operationId, version, Math::max);
        }
    }

    private static String operationId(MetaData metaData) {
        Object value = metaData.get(MetadataKeys.CLIENT_OPERATION_ID);
        return value == null ? null : value.toString();
    }
}
