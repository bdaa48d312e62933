package io.tandem.app.support;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.axoniq.axonserver.grpc.query.QueryRequest;
import io.axoniq.axonserver.grpc.query.QueryResponse;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.query.QuerySerializer;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.queryhandling.GenericQueryResponseMessage;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.queryhandling.QueryResponseMessage;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.axonframework.queryhandling.SubscriptionQueryUpdateMessage;
import org.axonframework.serialization.Serializer;

/**
 * A query bus that sends each point-to-point query to the local one the way Axon Server carries it: the query becomes
 * the connector's gRPC {@link QueryRequest} and back, it is handled on another thread, and its answer (or failure)
 * becomes a {@link QueryResponse} and back for the expected response type, all with the connector's
 * {@link QuerySerializer}. Tandem sends no other kind of query; those go to the local bus as they are.
 */
final class SerializingQueryBus implements QueryBus {

    private static final long TIMEOUT_MS = 30_000;

    private final QueryBus local;
    private final QuerySerializer serializer;
    private final List<MessageDispatchInterceptor<? super QueryMessage<?, ?>>> dispatchInterceptors =
            new CopyOnWriteArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "serialized-query");
        thread.setDaemon(true);
        return thread;
    });

    SerializingQueryBus(QueryBus local, Serializer messageSerializer, Serializer generalSerializer,
                        AxonServerConfiguration configuration) {
        this.local = local;
        this.serializer = new QuerySerializer(messageSerializer, generalSerializer, configuration);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Q, R> CompletableFuture<QueryResponseMessage<R>> query(QueryMessage<Q, R> query) {
        QueryMessage<Q, R> intercepted = query;
        for (MessageDispatchInterceptor<? super QueryMessage<?, ?>> interceptor : dispatchInterceptors) {
            intercepted = (QueryMessage<Q, R>) ((MessageDispatchInterceptor<QueryMessage<?, ?>>) interceptor).handle(intercepted);
        }
        QueryMessage<Q, R> sent = intercepted;
        QueryRequest wire = serializer.serializeRequest(sent, 1, TIMEOUT_MS, 0);
        CompletableFuture<QueryResponseMessage<R>> answer = new CompletableFuture<>();
        handlers.execute(() -> {
            CompletableFuture<QueryResponseMessage<Object>> handled;
            try {
                handled = local.query(serializer.<Q, Object>deserializeRequest(wire));
            } catch (RuntimeException e) {
                handled = CompletableFuture.failedFuture(e);
            }
            handled.whenComplete((response, failure) -> {
                QueryResponseMessage<?> result = failure == null ? response
                        : GenericQueryResponseMessage.asResponseMessage(Object.class, unwrap(failure));
                try {
                    QueryResponse onTheWire = serializer.serializeResponse(result, wire.getMessageIdentifier());
                    QueryResponseMessage<R> received = serializer.deserializeResponse(onTheWire, sent.getResponseType());
                    if (received.isExceptional()) {
                        answer.completeExceptionally(received.exceptionResult());
                    } else {
                        answer.complete(received);
                    }
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
        });
        return answer;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    @Override
    public <R> Registration subscribe(String queryName, java.lang.reflect.Type responseType,
                                      MessageHandler<? super QueryMessage<?, R>> handler) {
        return local.subscribe(queryName, responseType, handler);
    }

    @Override
    public <Q, R> Stream<QueryResponseMessage<R>> scatterGather(QueryMessage<Q, R> query, long timeout, TimeUnit unit) {
        return local.scatterGather(query, timeout, unit);
    }

    @Override
    public <Q, I, U> SubscriptionQueryResult<QueryResponseMessage<I>, SubscriptionQueryUpdateMessage<U>> subscriptionQuery(
            SubscriptionQueryMessage<Q, I, U> query) {
        return local.subscriptionQuery(query);
    }

    @Override
    public QueryUpdateEmitter queryUpdateEmitter() {
        return local.queryUpdateEmitter();
    }

    @Override
    public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super QueryMessage<?, ?>> interceptor) {
        return local.registerHandlerInterceptor(interceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(MessageDispatchInterceptor<? super QueryMessage<?, ?>> interceptor) {
        dispatchInterceptors.add(interceptor);
        return () -> dispatchInterceptors.remove(interceptor);
    }
}
