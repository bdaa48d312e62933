package io.tandem.app.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The health contributor named "elasticsearch" (Spring Boot drops the bean name's HealthIndicator suffix): up while the cluster answers with green or yellow health (a
 * single node is yellow when an index asks for replicas), down when it is red or does not answer.
 */
@Component
class ElasticsearchHealthIndicator extends AbstractHealthIndicator {

    private final ElasticsearchClient client;

    ElasticsearchHealthIndicator(ElasticsearchClient client) {
        super("Elasticsearch health check failed");
        this.client = client;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        HealthResponse health = client.cluster().health(h -> h.timeout(t -> t.time("2s")));
        builder.status(health.status() == HealthStatus.Red ? Status.DOWN : Status.UP)
                .withDetail("cluster", health.clusterName())
                .withDetail("status", health.status().jsonValue());
    }
}
