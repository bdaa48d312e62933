package io.tandem.app.support;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.util.StringUtils;

/**
 * In the split-store run, points an application under test at the events' database beside its own main database
 * ({@code TANDEM_EVENT_STORE_URL}, as an operator would set it), creating it when missing. Applications started in a
 * JVM of their own (the crash test's) get the same, since they run with the test classpath.
 */
public class SplitEventStoreEnvironment implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // Only applications started with arguments (OwnInstance, a JVM of their own) are set here; the suite's
        // shared application gets its settings from TestDependencyInitializer, which runs after this.
        PropertySource<?> arguments = environment.getPropertySources()
                .get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);
        if (arguments == null || !"true".equals(String.valueOf(arguments.getProperty(SplitEventStore.PROPERTY)))
                || StringUtils.hasText(environment.getProperty("tandem.event-store.url"))) {
            return;
        }
        String main = environment.getProperty("spring.datasource.url");
        String username = environment.getProperty("spring.datasource.username", "postgres");
        String password = environment.getProperty("spring.datasource.password", "");
        SplitEventStore.ensure(main, username, password);
        environment.getPropertySources().addFirst(new MapPropertySource("tandem-test-split-event-store",
                Map.of("tandem.event-store.url", SplitEventStore.eventsUrl(main))));
    }

    /** After the config data (application.yml and the test's properties) is read. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
