package io.tandem.app.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.axoniq.axonserver.grpc.command.Command;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.command.CommandSerializer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.callbacks.LoggingCallback;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.serialization.Serializer;

/**
 * A command bus that sends each command to the local one the way Axon Server carries it: the command becomes the
 * connector's gRPC {@link Command} and back, it is handled on another thread, and its result (or failure) becomes a
 * {@link CommandResponse} and back, all with the connector's {@link CommandSerializer}. Dispatch interceptors run
 * before the command is serialized, as they do in front of Axon Server; handler interceptors run where it is handled.
 */
final class SerializingCommandBus implements CommandBus {

    private final CommandBus local;
    private final CommandSerializer serializer;
    private final List<MessageDispatchInterceptor<? super CommandMessage<?>>> dispatchInterceptors =
            new CopyOnWriteArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "serialized-command");
        thread.setDaemon(true);
        return thread;
    });

    SerializingCommandBus(CommandBus local, Serializer messageSerializer, AxonServerConfiguration configuration) {
        this.local = local;
        this.serializer = new CommandSerializer(messageSerializer, configuration);
    }

    @Override
    public <C> void dispatch(CommandMessage<C> command) {
        dispatch(command, LoggingCallback.INSTANCE);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
        CommandMessage<C> intercepted = command;
        for (MessageDispatchInterceptor<? super CommandMessage<?>> interceptor : dispatchInterceptors) {
            intercepted = (CommandMessage<C>) ((MessageDispatchInterceptor<CommandMessage<?>>) interceptor).handle(intercepted);
        }
        CommandMessage<C> sent = intercepted;
        Command wire = serializer.serialize(sent, sent.getIdentifier(), 0);
        handlers.execute(() -> {
            try {
                local.dispatch(serializer.deserialize(wire), (message, result) -> answer(sent, wire, result, callback));
            } catch (RuntimeException e) {
                answer(sent, wire, GenericCommandResultMessage.asCommandResultMessage(e), callback);
            }
        });
    }

    private <C, R> void answer(CommandMessage<C> sent, Command wire, CommandResultMessage<?> result,
                               CommandCallback<? super C, ? super R> callback) {
        CommandResponse response = serializer.serialize(result, wire.getMessageIdentifier());
        CommandResultMessage<R> received = serializer.deserialize(response);
        callback.onResult(sent, received);
    }

    @Override
    public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
        return local.subscribe(commandName, handler);
    }

    @Override
    public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
        return local.registerHandlerInterceptor(interceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
        dispatchInterceptors.add(interceptor);
        return () -> dispatchInterceptors.remove(interceptor);
    }
}
