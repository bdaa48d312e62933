package io.tandem.app.messaging;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.tandem.api.DomainFailure;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

/**
 * Sends commands and answers with their results or the domain's refusal as a {@link io.tandem.api.DomainException},
 * whether the command was handled in this thread or crossed a bus that serialized it (Axon Server), where the
 * refusal arrives as the details of a {@code CommandExecutionException}. Every writer sends through here.
 */
@Component
public class Commands {

    private final CommandGateway gateway;

    Commands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public <R> R send(Object command) {
        return send(command, Map.of());
    }

    public <R> R send(Object command, Map<String, ?> metaData) {
        try {
            return gateway.sendAndWait(command, MetaData.from(metaData));
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    /** The same, without waiting: the future fails with the domain's refusal where there is one. */
    public <R> CompletableFuture<R> sendAsync(Object command, Map<String, ?> metaData) {
        CompletableFuture<R> result = new CompletableFuture<>();
        gateway.<R>send(command, MetaData.from(metaData)).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(translated(failure));
            }
        });
        return result;
    }

    private static RuntimeException translated(Throwable failure) {
        return DomainFailure.find(failure).<RuntimeException>map(domain -> domain)
                .orElseGet(() -> failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure));
    }
}
