package io.tandem.projection.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.tandem.api.task.SearchTasksQuery;
import io.tandem.api.task.SearchUnavailableException;
import io.tandem.api.task.TaskSearchHit;
import io.tandem.api.task.TaskSearchPage;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Answers task searches from the search index with the request {@link TaskSearchRequest} spells for the index. */
@Component
class TaskSearchQueries {

    private final ElasticsearchClient client;
    private final SearchIndex index;

    TaskSearchQueries(ElasticsearchClient client, SearchIndex index) {
        this.client = client;
        this.index = index;
    }

    @QueryHandler
    TaskSearchPage handle(SearchTasksQuery query) {
        if (query.text() == null || query.text().isBlank() || query.page() < 0 || query.size() < 1) {
            throw new IllegalArgumentException("A search needs text, page >= 0 and size >= 1");
        }
        SearchResponse<TaskDocument> response;
        try {
            response = client.search(index.searchRequest(query), TaskDocument.class);
        } catch (IOException e) {
            throw new SearchUnavailableException("Search is unavailable: " + e.getMessage(), e);
        } catch (ElasticsearchException e) {
            if (e.status() >= 500 || e.status() == 404 || e.status() == 429) {
                throw new SearchUnavailableException("Search is unavailable: " + e.getMessage(), e);
            }
            throw e;
        }
        List<TaskSearchHit> items = new ArrayList<>();
        for (Hit<TaskDocument> hit : response.hits().hits()) {
            items.add(new TaskSearchHit(hit.source().view(), hit.score() == null ? 0 : hit.score(),
                    Map.copyOf(hit.highlight())));
        }
        long total = response.hits().total() == null ? items.size() : response.hits().total().value();
        return new TaskSearchPage(items, query.page(), query.size(), total);
    }
}
