package io.tandem.app.support;

import java.util.Objects;

import io.tandem.api.MetadataKeys;
import io.tandem.api.task.EditTaskDescriptionCommand;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * For crash tests, on the test classpath only: when {@value #PROPERTY} names a client operation, the process halts
 * (no shutdown hooks, exit code {@value #EXIT_CODE}) right after the event store committed that operation's events,
 * and the projections are held off those events until then, so the read side never commits them. That is the crash
 * between the event store's commit and the read side's.
 */
@AutoConfiguration(after = AxonAutoConfiguration.class)
@ConditionalOnProperty(CrashAfterCommitConfiguration.PROPERTY)
public class CrashAfterCommitConfiguration {

    public static final String PROPERTY = "tandem.test.halt-after-commit-of";
    public static final int EXIT_CODE = 86;
    private static final Logger log = LoggerFactory.getLogger(CrashAfterCommitConfiguration.class);

    @Bean
    SmartInitializingSingleton haltAfterCommit(CommandBus commandBus, @Value("${" + PROPERTY + "}") String operationId) {
        MessageHandlerInterceptor<CommandMessage<?>> halt = (unitOfWork, chain) -> {
            if (operationId.equals(operationOf(unitOfWork.getMessage()))) {
                unitOfWork.afterCommit(done -> {
                    if (TransactionSynchronizationManager.isSynchronizationActive()) {
                        // The command's unit of work took part in a wider transaction (a push's batch): its
                        // events are committed with that one.
                        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                            @Override
                            public void afterCommit() {
                                halt(operationId);
                            }
                        });
                    } else {
                        halt(operationId);
                    }
                });
            }
            return chain.proceed();
        };
        return () -> commandBus.registerHandlerInterceptor(halt);
    }

    @Bean
    ConfigurerModule holdProjectionsOffTheOperation(@Value("${" + PROPERTY + "}") String operationId) {
        MessageHandlerInterceptor<EventMessage<?>> hold = (unitOfWork, chain) -> {
            if (operationId.equals(operationOf(unitOfWork.getMessage()))) {
                // The process halts within moments; until then this projection must not commit the event.
                Thread.sleep(Long.MAX_VALUE);
            }
            return chain.proceed();
        };
        return configurer -> configurer.eventProcessing()
                .registerDefaultHandlerInterceptor((configuration, processor) -> hold);
    }

    private static void halt(String operationId) {
        log.warn("Halting after the event store committed operation {}", operationId);
        Runtime.getRuntime().halt(EXIT_CODE);
    }

    /** A pushed operation's id, or a description edit's (its event carries it as the same metadata). */
    private static String operationOf(org.axonframework.messaging.Message<?> message) {
        if (message.getPayload() instanceof EditTaskDescriptionCommand edit) {
            return edit.operationId().toString();
        }
        return Objects.toString(message.getMetaData().get(MetadataKeys.CLIENT_OPERATION_ID), null);
    }
}
