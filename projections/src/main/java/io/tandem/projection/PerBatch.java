package io.tandem.projection;

import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * What a projection gathers over one batch of events (one transaction of its processor), kept on the batch's unit of
 * work: stamps to add up, documents to send in bulk, operations to announce once the batch has committed.
 */
public final class PerBatch {

    private PerBatch() {
    }

    /**
     * The batch's value under {@code key}. The batch's first event creates it, and {@code onCreated} then registers
     * what becomes of it when the batch commits (before, inside the transaction, or after).
     */
    public static <T> T gather(UnitOfWork<?> unitOfWork, String key, Supplier<T> create,
                               BiConsumer<UnitOfWork<?>, T> onCreated) {
        UnitOfWork<?> batch = unitOfWork.root();
        if (batch.resources().containsKey(key)) {
            return batch.getResource(key);
        }
        T value = create.get();
        batch.resources().put(key, value);
        onCreated.accept(batch, value);
        return value;
    }
}
