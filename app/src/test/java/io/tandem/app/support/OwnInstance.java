package io.tandem.app.support;

import java.util.HashMap;
import java.util.Map;

import io.tandem.app.TandemApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application instance of a test's own, for tests that stop and start servers (restarts, replicas, outages): on a
 * database of its own and a random port, reaching the test dependencies, with the test's properties on top.
 */
public final class OwnInstance {

    private OwnInstance() {
    }

    /**
     * Starts the app on {@code database}. {@code properties} (and {@code extraSources}, configuration classes) come on
     * top of the test dependencies' settings; they are passed as command-line arguments, because builder properties
     * rank below application.yml.
     */
    public static ConfigurableApplicationContext start(String database, Map<String, ?> properties,
                                                       Class<?>... extraSources) {
        Map<String, Object> all = new HashMap<>(TestDependencyInitializer.properties());
        all.put("spring.datasource.url", TestDependencyInitializer.jdbcUrl(database));
        all.put("server.port", "0");
        // The shared test PostgreSQL serves many parallel runs; a small pool is plenty for one test's traffic.
        all.put("spring.datasource.hikari.maximum-pool-size", "5");
        all.putAll(properties);
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        Class<?>[] sources = new Class<?>[extraSources.length + 1];
        sources[0] = TandemApplication.class;
        System.arraycopy(extraSources, 0, sources, 1, extraSources.length);
        return new SpringApplicationBuilder(sources).run(args);
    }

    public static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public static ApiClient client(ConfigurableApplicationContext context) {
        return new ApiClient(port(context));
    }
}
