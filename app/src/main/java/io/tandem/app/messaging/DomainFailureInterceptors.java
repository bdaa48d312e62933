package io.tandem.app.messaging;

import java.util.function.Function;

import io.tandem.api.DomainException;
import io.tandem.api.ErrorCode;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryMessage;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Where commands and queries are handled, turns the domain's refusals into Axon's execution exceptions with the
 * refusal as serializable details ({@link io.tandem.api.DomainFailure}). Axon Server carries only an exception's
 * message and those details, so without this every refusal would reach the caller as an unexplained failure; the
 * same happens in every mode, so the callers have one way to read it ({@link Commands},
 * {@link io.tandem.api.DomainFailure#find}).
 */
@Component
class DomainFailureInterceptors implements SmartInitializingSingleton {

    private final CommandBus commandBus;
    private final QueryBus queryBus;

    DomainFailureInterceptors(CommandBus commandBus, QueryBus queryBus) {
        this.commandBus = commandBus;
        this.queryBus = queryBus;
    }

    @Override
    public void afterSingletonsInstantiated() {
        commandBus.registerHandlerInterceptor(new OnCommands());
        queryBus.registerHandlerInterceptor(new OnQueries());
    }

    /** The refusal a handler's failure stands for, or null when it is no refusal of the domain. */
    static DomainException refusal(Throwable failure) {
        if (failure instanceof DomainException domain) {
            return domain;
        }
        if (failure instanceof AggregateNotFoundException) {
            return new DomainException(ErrorCode.NOT_FOUND, "No such entity");
        }
        return null;
    }

    /** Proceeds, and turns a refusal of the domain into the execution exception {@code wrap} makes of it. */
    private static Object proceed(InterceptorChain chain, Function<DomainException, Exception> wrap) throws Exception {
        try {
            return chain.proceed();
        } catch (Exception e) {
            DomainException refusal = refusal(e);
            throw refusal == null ? e : wrap.apply(refusal);
        }
    }

    private static final class OnCommands implements MessageHandlerInterceptor<CommandMessage<?>> {
        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
                throws Exception {
            return proceed(chain, refusal -> new CommandExecutionException(refusal.getMessage(), refusal,
                    refusal.failure()));
        }
    }

    private static final class OnQueries implements MessageHandlerInterceptor<QueryMessage<?, ?>> {
        @Override
        public Object handle(UnitOfWork<? extends QueryMessage<?, ?>> unitOfWork, InterceptorChain chain)
                throws Exception {
            return proceed(chain, refusal -> new QueryExecutionException(refusal.getMessage(), refusal,
                    refusal.failure()));
        }
    }
}
