package io.tandem.app.config;

import io.tandem.api.MetadataKeys;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

/**
 * Puts the correlation id of the message being handled into the logging MDC for the length of its handling, and
 * restores what was there before (a request thread handling its own command keeps its id).
 */
final class CorrelationIdLogging implements MessageHandlerInterceptor<Message<?>> {

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object correlationId = unitOfWork.getMessage().getMetaData().get(MetadataKeys.CORRELATION_ID);
        if (correlationId == null) {
            return chain.proceed();
        }
        String previous = MDC.get(MetadataKeys.CORRELATION_ID);
        MDC.put(MetadataKeys.CORRELATION_ID, correlationId.toString());
        try {
            return chain.proceed();
        } finally {
            if (previous == null) {
                MDC.remove(MetadataKeys.CORRELATION_ID);
            } else {
                MDC.put(MetadataKeys.CORRELATION_ID, previous);
            }
        }
    }
}
