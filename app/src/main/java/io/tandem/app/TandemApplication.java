package io.tandem.app;

import io.tandem.app.local.LocalDependenciesBootstrap;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The one deployable: HTTP and WebSocket API over the Axon command, event and query buses. */
@SpringBootApplication(scanBasePackages = "io.tandem")
@ConfigurationPropertiesScan("io.tandem")
public class TandemApplication {

    public static void main(String[] args) {
        // scripts/run asks for this: PostgreSQL, Redis and Elasticsearch are started here when not reachable.
        LocalDependenciesBootstrap.startIfRequested();
        SpringApplication.run(TandemApplication.class, args);
    }
}
