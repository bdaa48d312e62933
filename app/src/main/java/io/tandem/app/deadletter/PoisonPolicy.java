package io.tandem.app.deadletter;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of an event whose handler failed.
 *
 * <ul>
 * <li>A fresh failure that is transient ({@link TransientFailures}) is thrown on. Axon's invoker would take a "do not
 * enqueue" decision as "skip the event" (it only logs it), which would lose the event; thrown, the failure rolls the
 * batch back and the processor retries it with back-off, the event still in its place.</li>
 * <li>Any other fresh failure is the event's own, and the event is parked with its cause, in two steps. The first
 * failure is remembered and thrown on too: the batch rolls back, so nothing the failing handler (or the other
 * handlers of its processor) wrote of this event survives, and a statement that failed cannot leave the transaction
 * unusable (PostgreSQL refuses every statement after a failed one). When the processor retries the batch, the
 * remembered event reaches none of its handlers ({@link #suspected}): it fails at once with the same cause, in a clean
 * transaction, and is parked; the processor goes on, and the later events of its sequence (its aggregate) are parked
 * behind it.</li>
 * <li>A parked letter that fails again when retried stays where it is, with its new cause and one more retry counted
 * ({@value #RETRIES} in its diagnostics); a transient failure of the retry does not count.</li>
 * </ul>
 */
final class PoisonPolicy implements EnqueuePolicy<EventMessage<?>> {

    /** One policy per dead-lettering processor: what one processor failed on, another may handle well. */
    static Map<String, PoisonPolicy> forEach(List<String> processors) {
        Map<String, PoisonPolicy> policies = new LinkedHashMap<>();
        processors.forEach(processor -> policies.put(processor, new PoisonPolicy(processor)));
        return Map.copyOf(policies);
    }

    /** The diagnostics entry that counts failed retries; present on every letter this policy parked. */
    static final String RETRIES = "retries";

    /**
     * Events that failed once on their own account, by processor and identifier, with the failure: parked when they
     * come again to that processor (other processors handle them as usual).
     */
    private final Cache<String, Throwable> suspects = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(30)).build();

    private static final Logger log = LoggerFactory.getLogger(PoisonPolicy.class);

    private final String processor;

    PoisonPolicy(String processor) {
        this.processor = processor;
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        boolean parkedBefore = letter.diagnostics().containsKey(RETRIES);
        boolean transientFailure = TransientFailures.isTransient(cause);
        if (!parkedBefore) {
            if (transientFailure) {
                throw retryLater(cause);
            }
            if (suspects.asMap().remove(letter.message().getIdentifier()) == null) {
                suspects.put(letter.message().getIdentifier(), cause);
                log.warn("Processor {} failed on event {} ({}); its batch is rolled back and the event parked when it"
                        + " comes again", processor, letter.message().getIdentifier(), cause.toString());
                throw retryLater(cause);
            }
            return Decisions.enqueue(ThrowableCause.truncated(cause), l -> l.diagnostics().and(RETRIES, 0));
        }
        long retries = retries(letter) + (transientFailure ? 0 : 1);
        return Decisions.requeue(ThrowableCause.truncated(cause), l -> l.diagnostics().and(RETRIES, retries));
    }

    /**
     * The failure of an event that failed on its own account before in this policy's processor and is about to be
     * parked there; null for others.
     */
    Throwable suspected(String eventIdentifier) {
        return suspects.getIfPresent(eventIdentifier);
    }

    static long retries(DeadLetter<?> letter) {
        Object value = letter.diagnostics().get(RETRIES);
        return value instanceof Number number ? number.longValue() : 0;
    }

    private static RuntimeException retryLater(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new HandlerFailure(cause);
    }

    /** A checked failure, unchecked so that it can travel out of the policy to the processor. */
    static final class HandlerFailure extends RuntimeException {
        HandlerFailure(Throwable cause) {
            super(cause.toString(), cause);
        }
    }
}
