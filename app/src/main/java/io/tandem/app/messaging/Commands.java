package io.tandem.app.messaging;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.tandem.api.DomainFailure;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.RemoteHandlingException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/**
 * Sends commands and answers with their results or the domain's refusal as a {@link io.tandem.api.DomainException},
 * whether the command was handled in this thread or crossed a bus that serialized it (Axon Server), where the
 * refusal arrives as the details of a {@code CommandExecutionException}. Every writer sends through here.
 *
 * <p>A command that lost a race for its aggregate (another replica appended to it, or created it, at the same
 * moment) committed nothing, so it is sent again after a short random pause that grows with each attempt, up to
 * {@value #ATTEMPTS} attempts in all (a busy aggregate on several replicas loses a few in a row): the next attempt decides
 * against what the other writer wrote, as if it had come a moment later (a collaborative edit is transformed over
 * it, a repeated creation is refused as existing or recognised as applied).
 */
@Component
public class Commands {

    static final int ATTEMPTS = 24;

    private final CommandGateway gateway;

    Commands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public <R> R send(Object command) {
        return send(command, Map.of());
    }

    public <R> R send(Object command, Map<String, ?> metaData) {
        for (int attempt = 1; ; attempt++) {
            try {
                return gateway.sendAndWait(command, MetaData.from(metaData));
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS || !lostRace(e)) {
                    throw translated(e);
                }
                try {
                    Thread.sleep(pause(attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw translated(e);
                }
            }
        }
    }

    /** The same, without waiting: the future fails with the domain's refusal where there is one. */
    public <R> CompletableFuture<R> sendAsync(Object command, Map<String, ?> metaData) {
        CompletableFuture<R> result = new CompletableFuture<>();
        sendAsync(command, MetaData.from(metaData), 1, result);
        return result;
    }

    private <R> void sendAsync(Object command, MetaData metaData, int attempt, CompletableFuture<R> result) {
        gateway.<R>send(command, metaData).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else if (attempt < ATTEMPTS && lostRace(failure)) {
                CompletableFuture.delayedExecutor(pause(attempt), TimeUnit.MILLISECONDS)
                        .execute(() -> sendAsync(command, metaData, attempt + 1, result));
            } else {
                result.completeExceptionally(translated(failure));
            }
        });
    }

    /** Milliseconds before attempt {@code attempt + 1}: random, so two losers do not meet again in step. */
    private static long pause(int attempt) {
        return ThreadLocalRandom.current().nextLong(1, Math.min(100, 5L << Math.min(attempt, 5)) + 1);
    }

    /**
     * Whether the command lost a race for its aggregate's next sequence number: an append beside another one, or a
     * create beside another create of the same id (which the event store's unique key refuses). Across a bus that
     * serializes messages only the descriptions of the exceptions arrive: their type names where Axon describes
     * them, only the storage engine's messages where Axon Server's connector does.
     */
    public static boolean lostRace(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof ConcurrencyException || e instanceof AggregateStreamCreationException) {
                return true;
            }
            if (e instanceof RemoteHandlingException remote && remote.getExceptionDescriptions().stream()
                    .anyMatch(d -> d != null && (d.startsWith(ConcurrencyException.class.getName())
                            || d.startsWith(AggregateStreamCreationException.class.getName())
                            || d.startsWith("Cannot reuse aggregate identifier")
                            || d.startsWith("An event for aggregate ") && d.contains(" was already inserted")))) {
                return true;
            }
        }
        return false;
    }

    private static RuntimeException translated(Throwable failure) {
        return DomainFailure.find(failure).<RuntimeException>map(domain -> domain)
                .orElseGet(() -> failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure));
    }
}
