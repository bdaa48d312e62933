package io.tandem.app.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Activates the {@value #PROFILE} profile when {@code AXON_AXONSERVER_SERVERS} (or the property
 * {@code axon.axonserver.servers}) is set and not blank, so that one variable switches the event store and the
 * command, query and event buses from PostgreSQL to Axon Server.
 *
 * <p>Runs before the config data is read, so that {@code application.yml}'s {@code on-profile: axonserver}
 * document is part of the result; it therefore only sees the environment, system properties and command line.
 */
public class AxonServerProfile implements EnvironmentPostProcessor, Ordered {

    public static final String PROFILE = "axonserver";
    static final String SERVERS = "axon.axonserver.servers";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (StringUtils.hasText(environment.getProperty(SERVERS))
                && !environment.matchesProfiles(PROFILE)) {
            environment.addActiveProfile(PROFILE);
        }
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER - 1;
    }
}
