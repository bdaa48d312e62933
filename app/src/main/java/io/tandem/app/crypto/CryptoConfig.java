package io.tandem.app.crypto;

import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CryptoProperties.class)
class CryptoConfig {

    @Bean
    MasterKeys masterKeys(CryptoProperties properties) {
        return MasterKeys.load(properties.masterKeys(), properties.dataDir());
    }

    @Bean
    DataKeys dataKeys(JdbcClient jdbc, MasterKeys masterKeys, PlatformTransactionManager transactions,
            CryptoProperties properties) {
        return new DataKeys(jdbc, masterKeys, transactions, properties);
    }

    @Bean
    WorkspaceTexts workspaceTexts(DataKeys keys) {
        return new WorkspaceTexts(keys);
    }

    /**
     * Takes the place of the event serializer Axon would build for {@code axon.serializer.events=jackson3} (built the
     * same way), so that the event store's writes and reads all pass through field encryption. Snapshots, tokens and
     * other messages keep Axon's general serializer.
     */
    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(RevisionResolver revisionResolver,
            ObjectProvider<Jackson3SerializerCustomizer> customizers, DataKeys keys) {
        Jackson3Serializer.Builder builder = Jackson3Serializer.builder()
                .revisionResolver(revisionResolver)
                .converter(new ChainingConverter(CryptoConfig.class.getClassLoader()));
        customizers.orderedStream().findFirst().ifPresent(builder::jsonMapperBuilderCustomizer);
        return new FieldEncryptingSerializer(builder.build(), keys);
    }

    /** Moves data keys off master keys that are still listed but no longer current (rotation). */
    @Bean
    ApplicationRunner rewrapDataKeys(DataKeys keys, CryptoProperties properties) {
        return args -> {
            if (properties.rewrapOnStartup()) {
                keys.rewrapWithCurrentMasterKey();
            }
        };
    }
}
