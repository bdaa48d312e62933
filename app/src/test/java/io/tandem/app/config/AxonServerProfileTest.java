package io.tandem.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class AxonServerProfileTest {

    private final AxonServerProfile postProcessor = new AxonServerProfile();

    @Test
    void theEnvironmentVariableActivatesTheProfile() {
        StandardEnvironment environment = environment(Map.of("AXON_AXONSERVER_SERVERS", "axonserver:8124"));

        postProcessor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getActiveProfiles()).containsExactly("axonserver");
    }

    @Test
    void otherActiveProfilesAreKept() {
        StandardEnvironment environment = environment(Map.of(
                "AXON_AXONSERVER_SERVERS", "as1:8124,as2:8124", "SPRING_PROFILES_ACTIVE", "staging"));

        postProcessor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getActiveProfiles()).containsExactlyInAnyOrder("staging", "axonserver");
    }

    @Test
    void withoutTheVariableTheProfileStaysOff() {
        StandardEnvironment environment = environment(Map.of("DATABASE_URL", "jdbc:postgresql://db/tandem"));

        postProcessor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getActiveProfiles()).isEmpty();
    }

    @Test
    void aBlankVariableMeansThePostgresEventStore() {
        StandardEnvironment environment = environment(Map.of("AXON_AXONSERVER_SERVERS", " "));

        postProcessor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getActiveProfiles()).isEmpty();
    }

    @Test
    void runsBeforeTheConfigDataIsLoadedSoTheProfileDocumentApplies() {
        assertThat(postProcessor.getOrder())
                .isLessThan(org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor.ORDER);
    }

    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addLast(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return environment;
    }
}
