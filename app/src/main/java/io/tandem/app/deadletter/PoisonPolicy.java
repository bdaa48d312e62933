package io.tandem.app.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;

/**
 * What becomes of an event whose handler failed.
 *
 * <ul>
 * <li>A fresh failure that is transient ({@link TransientFailures}) is thrown on. Axon's invoker would take a "do not
 * enqueue" decision as "skip the event" (it only logs it), which would lose the event; thrown, the failure rolls the
 * batch back and the processor retries it with back-off, the event still in its place.</li>
 * <li>Any other fresh failure is the event's own: it is parked with its cause, and the processor goes on; the later
 * events of its sequence (its aggregate) are parked behind it.</li>
 * <li>A parked letter that fails again when retried stays where it is, with its new cause and one more retry counted
 * ({@value #RETRIES} in its diagnostics); a transient failure of the retry does not count.</li>
 * </ul>
 */
final class PoisonPolicy implements EnqueuePolicy<EventMessage<?>> {

    /** The diagnostics entry that counts failed retries; present on every letter this policy parked. */
    static final String RETRIES = "retries";

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        boolean parkedBefore = letter.diagnostics().containsKey(RETRIES);
        boolean transientFailure = TransientFailures.isTransient(cause);
        if (!parkedBefore) {
            if (transientFailure) {
                throw retryLater(cause);
            }
            return Decisions.enqueue(ThrowableCause.truncated(cause), l -> l.diagnostics().and(RETRIES, 0));
        }
        long retries = retries(letter) + (transientFailure ? 0 : 1);
        return Decisions.requeue(ThrowableCause.truncated(cause), l -> l.diagnostics().and(RETRIES, retries));
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
        return new TransientHandlerFailure(cause);
    }

    /** A checked transient failure, unchecked so that it can travel out of the policy to the processor. */
    static final class TransientHandlerFailure extends RuntimeException {
        TransientHandlerFailure(Throwable cause) {
            super(cause.toString(), cause);
        }
    }
}
