package io.tandem.app.config;

import java.time.Duration;

import io.tandem.command.task.TaskAggregate;
import io.tandem.command.workspace.WorkspaceAggregate;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.RepositoryProvider;
import org.axonframework.modelling.command.RepositorySpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

/**
 * The aggregates' repositories: event sourced, with the aggregates in use kept loaded (see
 * {@link FreshCachingRepository}). A task that people type into gets one event per keystroke batch, and reading its
 * whole stream for every command made each edit slower than the last. The aggregates name these beans in their
 * {@code @Aggregate(repository = ...)}.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class AggregateRepositories {

    private final long cacheSize;
    private final Duration cacheIdle;

    AggregateRepositories(@Value("${tandem.aggregate-cache.size}") long cacheSize,
                          @Value("${tandem.aggregate-cache.idle}") Duration cacheIdle) {
        this.cacheSize = cacheSize;
        this.cacheIdle = cacheIdle;
    }

    @Bean
    Repository<?> taskRepository(EventStore eventStore, ParameterResolverFactory parameters,
                                 HandlerDefinition handlers, RepositorySpanFactory spans,
                                 ObjectProvider<Configuration> axon) {
        return repository(TaskAggregate.TYPE, eventStore, parameters, handlers, spans, axon);
    }

    @Bean
    Repository<?> workspaceRepository(EventStore eventStore, ParameterResolverFactory parameters,
                                      HandlerDefinition handlers, RepositorySpanFactory spans,
                                      ObjectProvider<Configuration> axon) {
        return repository(WorkspaceAggregate.TYPE, eventStore, parameters, handlers,
                spans, axon);
    }

    private <T> Repository<T> repository(Class<T> type, EventStore eventStore, ParameterResolverFactory parameters,
                                         HandlerDefinition handlers, RepositorySpanFactory spans,
                                         ObjectProvider<Configuration> axon) {
        Cache cache = new AggregateCache(cacheSize, cacheIdle);
        RepositoryProvider provider = new RepositoryProvider() {
            @Override
            public <A> Repository<A> repositoryFor(Class<A> aggregateType) {
                return axon.getObject().repository(aggregateType);
            }
        };
        return new FreshCachingRepository<>(EventSourcingRepository.builder(type).parameterResolverFactory(parameters)
                .handlerDefinition(handlers).spanFactory(spans).repositoryProvider(provider), eventStore, cache);
    }
}
