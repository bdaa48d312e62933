package io.tandem.app.support;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * In the split-store run, puts a bus in front of the local command and query buses that serializes every message,
 * its answer and its failure as the Axon Server connector does, with the connector's own serializers, and hands the
 * work to another thread. A type that cannot make the trip, or a refusal that loses its meaning on the way, fails
 * the tests of that run as it would fail against Axon Server. Registered only on the test classpath.
 */
@AutoConfiguration(after = AxonAutoConfiguration.class)
@ConditionalOnProperty(name = SplitEventStore.PROPERTY, havingValue = "true")
public class SerializingBusesConfiguration {

    @Bean
    @Primary
    SerializingCommandBus serializingCommandBus(@Qualifier("localSegment") CommandBus localSegment,
                                                @Qualifier("messageSerializer") Serializer messageSerializer) {
        return new SerializingCommandBus(localSegment, messageSerializer, new AxonServerConfiguration());
    }

    @Bean
    @Primary
    SerializingQueryBus serializingQueryBus(@Qualifier("localSegment") QueryBus localSegment,
                                            @Qualifier("messageSerializer") Serializer messageSerializer,
                                            Serializer generalSerializer) {
        return new SerializingQueryBus(localSegment, messageSerializer, generalSerializer, new AxonServerConfiguration());
    }
}
