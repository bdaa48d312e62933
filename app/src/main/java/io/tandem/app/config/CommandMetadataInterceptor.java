package io.tandem.app.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.tandem.api.MetadataKeys;
import io.tandem.app.security.CurrentUser;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.slf4j.MDC;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Stamps every command with who sent it and the request it belongs to, in one place rather than in each
 * payload; Axon's correlation data providers then copy both onto every event the command causes.
 */
@Component
class CommandMetadataInterceptor implements MessageDispatchInterceptor<CommandMessage<?>>, SmartInitializingSingleton {

    private final CommandBus commandBus;

    CommandMetadataInterceptor(CommandBus commandBus) {
        this.commandBus = commandBus;
    }

    @Override
    public void afterSingletonsInstantiated() {
        commandBus.registerDispatchInterceptor(this);
        // Where commands are handled off the request thread (Axon Server), handler logs still carry the request's id.
        commandBus.registerHandlerInterceptor(new CorrelationIdLogging());
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            Map<String, Object> added = new HashMap<>();
            if (!command.getMetaData().containsKey(MetadataKeys.USER_ID)) {
                CurrentUser.current().ifPresent(user -> added.put(MetadataKeys.USER_ID, user.id().toString()));
            }
            String correlationId = MDC.get(MetadataKeys.CORRELATION_ID);
            if (correlationId != null && !command.getMetaData().containsKey(MetadataKeys.CORRELATION_ID)) {
                added.put(MetadataKeys.CORRELATION_ID, correlationId);
            }
            return added.isEmpty() ? command : command.andMetaData(added);
        };
    }
}
