package io.tandem.projection.search;

import java.util.List;
import java.util.Locale;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import io.tandem.api.task.Priority;
import io.tandem.api.task.SearchTasksQuery;
import io.tandem.api.task.TaskFilter;
import io.tandem.api.task.TaskStatus;

/**
 * The Elasticsearch request a task search sends: the one place its query, sort and highlighting are spelled. The
 * workspace filter is part of every request, so another workspace's tasks cannot be returned however well they
 * match; tombstones are filtered out the same way.
 */
final class TaskSearchRequest {

    /** Title words weigh most, then tags, then the description. */
    private static final List<String> FIELDS = List.of("title^3", "tags^2", "description");

    /**
     * Typos forgiven: none in words of up to three letters, one edit (a transposition counts as one) up to seven,
     * two from eight; the first letter as typed. Elasticsearch's plain AUTO (two edits from six letters, any first
     * letter) cost twice the time at 100 000 tasks, mostly in building the edit automata.
     */
    private static final String FUZZINESS = "AUTO:4,8";

    private TaskSearchRequest() {
    }

    /**
     * All of title, tags and description in one field (the mapping's {@code copy_to}), where the typo-tolerant
     * words are looked up: one fuzzy lookup per word instead of one per field, which was most of what Elasticsearch
     * spent on a search once highlighting no longer was.
     */
    static final String WORDS = "words";

    /**
     * The request for {@code query} against {@code index} (an index or alias name). {@code withWordsField}: whether
     * the index has the {@link #WORDS} field; an index made before it (until a rebuild) gets the typo-tolerant
     * lookup field by field, with the same results.
     */
    static SearchRequest of(SearchTasksQuery query, String index, boolean withWordsField) {
        String text = query.text().strip();
        return SearchRequest.of(s -> s.index(index)
                .query(query(query, text, withWordsField))
                .from(query.page() * query.size())
                .size(query.size())
                .trackTotalHits(t -> t.enabled(true))
                // Best score first; ties in index order, which is fixed while the index does not change (and
                // once it does, scores move too). A workspace's searches all go to the same copies of the index,
                // so that its pages agree with one another, and their scores too, when it has replicas. Breaking
                // ties by id instead made Elasticsearch sort every match by a second field: a fifth of its time
                // at 100 000 tasks (Search benchmark).
                .preference(query.workspaceId().toString())
                // Highlighted are the words as typed and the last one as a prefix. Not the typo-tolerant matches:
                // Lucene's highlighter builds a fuzzy word's automata again for every hit and field, which made
                // highlighting nine tenths of a search's time (Search benchmark).
                .highlight(h -> h.highlightQuery(highlighted(text))
                        .fields("title", f -> f.numberOfFragments(0))
                        .fields("tags", f -> f.numberOfFragments(0))
                        .fields("description", f -> f.fragmentSize(150).numberOfFragments(3))));
    }

    /**
     * Typo-tolerant words anywhere in title, tags or description, or the text as the start of what is being
     * typed (its last word a prefix); the filters of the task list narrow without scoring.
     */
    private static Query query(SearchTasksQuery query, String text, boolean withWordsField) {
        return Query.of(q -> q.bool(b -> {
            b.filter(f -> f.term(t -> t.field("workspaceId").value(query.workspaceId().toString())))
                    .filter(f -> f.term(t -> t.field("deleted").value(false)));
            filters(b, query.filter() == null ? TaskFilter.none() : query.filter());
            if (withWordsField) {
                // Typos looked up once in all the words; the text as typed (next clause) scores by the field it
                // is in. A third clause for the exact words field by field cost a fifth more (Search benchmark).
                b.should(s -> s.match(m -> m.field(WORDS).query(text).fuzziness(FUZZINESS).prefixLength(1)
                        .operator(Operator.Or)));
            } else {
                b.should(s -> s.multiMatch(m -> m.query(text).fields(FIELDS).fuzziness(FUZZINESS).prefixLength(1)
                        .operator(Operator.Or)));
            }
            b.should(asTyped(text)).minimumShouldMatch("1");
            return b;
        }));
    }

    /** The text as the start of what is being typed: every word, the last one possibly unfinished. */
    private static Query asTyped(String text) {
        return Query.of(q -> q.multiMatch(m -> m.query(text).fields(FIELDS).type(TextQueryType.BoolPrefix)
                .operator(Operator.And)));
    }

    private static Query highlighted(String text) {
        return Query.of(q -> q.bool(b -> b
                .should(s -> s.multiMatch(m -> m.query(text).fields(FIELDS).operator(Operator.Or)))
                .should(asTyped(text))));
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
