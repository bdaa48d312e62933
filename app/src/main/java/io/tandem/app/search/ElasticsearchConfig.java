package io.tandem.app.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** One Elasticsearch client for the whole application, created without contacting the server. */
@Configuration(proxyBeanMethods = false)
class ElasticsearchConfig {

    @Bean(destroyMethod = "close")
    RestClient elasticsearchRestClient(ElasticsearchProperties properties) {
        return RestClient.builder(HttpHost.create(properties.url().toString()))
                .setRequestConfigCallback(config -> config
                        .setConnectTimeout((int) properties.connectTimeout().toMillis())
                        .setSocketTimeout((int) properties.socketTimeout().toMillis()))
                // No credentials and no cookies here: the Apache client's authentication cache otherwise
                // deserialized (Java serialization) the node's auth scheme on every request, and its cookie
                // handling parsed origins for none.
                .setHttpClientConfigCallback(client -> client.disableAuthCaching().disableCookieManagement())
                .build();
    }

    @Bean
    ElasticsearchTransport elasticsearchTransport(RestClient restClient) {
        // Its own mapper: documents are stored in the contract's JSON shape, independent of the web layer's settings.
        return new RestClientTransport(restClient, new Jackson3JsonpMapper(JsonMapper.builder().build()));
    }

    @Bean
    ElasticsearchClient elasticsearchClient(ElasticsearchTransport transport) {
        return new ElasticsearchClient(transport);
    }
}
