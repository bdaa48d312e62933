package io.tandem.projection.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.tandem.api.task.Priority;
import io.tandem.api.task.SearchTasksQuery;
import io.tandem.api.task.SearchUnavailableException;
import io.tandem.api.task.TaskFilter;
import io.tandem.api.task.TaskSearchHit;
import io.tandem.api.task.TaskSearchPage;
import io.tandem.api.task.TaskStatus;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Answers task searches from the search index. The workspace filter is part of every query, so another
 * workspace's tasks cannot be returned however well they match; tombstones are filtered out the same way.
 */
@Component
class TaskSearchQueries {

    /** Title words weigh most, then tags, then the description. */
    private static final List<String> FIELDS = List.of("title^3", "tags^2", "description");

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
            index.ensureExists();
            response = client.search(s -> s.index(index.readAlias())
                    .query(query(query))
                    .from(query.page() * query.size())
                    .size(query.size())
                    .trackTotalHits(t -> t.enabled(true))
                    .trackScores(true)
                    // Ties in score are broken by id, so that pages never overlap.
                    .sort(o -> o.score(sc -> sc.order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)))
                    .highlight(h -> h
                            .fields("title", f -> f.numberOfFragments(0))
                            .fields("tags", f -> f.numberOfFragments(0))
                            .fields("description", f -> f.fragmentSize(150).numberOfFragments(3))),
                    TaskDocument.class);
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

    /**
     * Typo-tolerant words anywhere in title, tags or description, or the text as the start of what is being
     * typed (its last word a prefix); the filters of the task list narrow without scoring.
     */
    private static Query query(SearchTasksQuery query) {
        String text = query.text().strip();
        return Query.of(q -> q.bool(b -> {
            b.filter(f -> f.term(t -> t.field("workspaceId").value(query.workspaceId().toString())))
                    .filter(f -> f.term(t -> t.field("deleted").value(false)));
            filters(b, query.filter() == null ? TaskFilter.none() : query.filter());
            b.should(s -> s.multiMatch(m -> m.query(text).fields(FIELDS).fuzziness("AUTO").operator(Operator.Or)))
                    .should(s -> s.multiMatch(m -> m.query(text).fields(FIELDS).type(TextQueryType.BoolPrefix)
                            .operator(Operator.And)))
                    .minimumShouldMatch("1");
            return b;
        }));
    }

    private static void filters(BoolQuery.Builder b, TaskFilter filter) {
        if (filter.status() != null) {
            b.filter(term("status", status(filter.status())));
        }
        if (filter.priority() != null) {
            b.filter(term("priority", priority(filter.priority())));
        }
        if (filter.completed() != null) {
            b.filter(f -> f.term(t -> t.field("completed").value(filter.completed())));
        }
        if (filter.assignedTo() != null) {
            b.filter(term("assignedTo", filter.assignedTo().toString()));
        }
        if (filter.categoryId() != null) {
            b.filter(term("categoryId", filter.categoryId().toString()));
        }
        if (filter.tag() != null) {
            b.filter(term("tags.keyword", filter.tag()));
        }
        if (filter.dueBefore() != null) {
            b.filter(f -> f.range(r -> r.date(d -> d.field("dueDate").lt(filter.dueBefore().toString()))));
        }
        if (filter.dueAfter() != null) {
            b.filter(f -> f.range(r -> r.date(d -> d.field("dueDate").gt(filter.dueAfter().toString()))));
        }
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }

    /** The contract's JSON spelling, which is how the documents store enums. */
    private static String status(TaskStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static String priority(Priority priority) {
        return priority.name().toLowerCase(Locale.ROOT);
    }
}
