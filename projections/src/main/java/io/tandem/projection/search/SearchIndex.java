package io.tandem.projection.search;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import io.tandem.api.task.SearchTasksQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The versioned indices of the task search and the two aliases in front of them. Searches go to the read alias
 * ({@code <prefix>}), the projection writes to the write alias ({@code <prefix>-write}); both point at the same
 * index ({@code <prefix>-v<n>}) except while a rebuild replays into the next one. Created on first use, so that the
 * application starts (and takes commands) while Elasticsearch is down.
 */
@Component
public class SearchIndex {

    private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);
    private static final String MAPPING = "/search/tasks-index.json";

    private final ElasticsearchClient client;
    private final String prefix;
    private final Pattern generationPattern;
    private volatile boolean ready;
    /** Whether the index behind the read alias has the field of all words; only an index of an earlier release not. */
    private volatile boolean wordsField;

    SearchIndex(ElasticsearchClient client, SearchProperties properties) {
        this.client = client;
        this.prefix = properties.indexPrefix();
        this.generationPattern = Pattern.compile(Pattern.quote(prefix) + "-v(\\d+)");
    }

    public String readAlias() {
        return prefix;
    }

    public String writeAlias() {
        return prefix + "-write";
    }

    String indexName(int generation) {
        return prefix + "-v" + generation;
    }

    /** Creates the first index with both aliases unless the read alias exists; cheap once it has succeeded. */
    void ensureExists() throws IOException {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            if (!client.indices().existsAlias(a -> a.name(readAlias())).value()) {
                create(indexName(1), true);
                wordsField = true;
            } else {
                addFieldsOfLaterReleases();
                wordsField = client.indices().getMapping(g -> g.index(readAlias())).result().values().stream()
                        .allMatch(m -> m.mappings().properties().containsKey(TaskSearchRequest.WORDS));
                if (!wordsField) {
                    log.warn("The search index behind {} predates the field {}: searches look typos up field by "
                            + "field, which is slower, until the index is rebuilt (TANDEM_SEARCH_REBUILD=true)",
                            readAlias(), TaskSearchRequest.WORDS);
                }
            }
            ready = true;
        }
    }

    /** The Elasticsearch request of a task search against the read alias, as this index's mapping allows. */
    public SearchRequest searchRequest(SearchTasksQuery query) throws IOException {
        ensureExists();
        return TaskSearchRequest.of(query, readAlias(), wordsField);
    }

    /**
     * Adds to indices created by an earlier release the fields added to the mapping since (a field may be added to a
     * mapping in place; documents written before simply lack it): {@code descriptionRevision}. Harmless when present.
     */
    private void addFieldsOfLaterReleases() throws IOException {
        for (String alias : List.of(readAlias(), writeAlias())) {
            client.indices().putMapping(m -> m.index(alias)
                    .properties("descriptionRevision", p -> p.long_(l -> l.index(false))));
        }
    }

    /** The index behind the read alias. */
    public String currentIndex() throws IOException {
        Set<String> indices = client.indices().getAlias(a -> a.name(readAlias())).result().keySet();
        if (indices.size() != 1) {
            throw new IllegalStateException("Alias " + readAlias() + " points at " + indices + ", expected one index");
        }
        return indices.iterator().next();
    }

    /** The generation number of an index of this prefix, e.g. 2 for {@code <prefix>-v2}. */
    int generation(String index) {
        Matcher m = generationPattern.matcher(index);
        if (!m.matches()) {
            throw new IllegalStateException(index + " is not an index of " + prefix);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Creates an index with the current mapping, replacing a leftover of an unfinished rebuild. */
    void createEmpty(String index) throws IOException {
        if (client.indices().exists(e -> e.index(index)).value()) {
            client.indices().delete(d -> d.index(index));
        }
        create(index, false);
    }

    /** Points the write alias at {@code to}, in one atomic alias update. */
    void moveWriteAlias(String from, String to) throws IOException {
        client.indices().updateAliases(u -> u
                .actions(a -> a.remove(r -> r.index(from).alias(writeAlias())))
                .actions(a -> a.add(add -> add.index(to).alias(writeAlias()).isWriteIndex(true))));
    }

    /** Points the read alias at {@code to}, in one atomic alias update: searches never see no index. */
    void moveReadAlias(String from, String to) throws IOException {
        client.indices().updateAliases(u -> u
                .actions(a -> a.remove(r -> r.index(from).alias(readAlias())))
                .actions(a -> a.add(add -> add.index(to).alias(readAlias()))));
        // The index a rebuild made has the current mapping.
        wordsField = true;
    }

    void delete(String index) throws IOException {
        client.indices().delete(d -> d.index(index));
    }

    /** Makes what was written visible to searches, which the rewrites by query rely on. */
    void refresh() throws IOException {
        client.indices().refresh(r -> r.index(writeAlias()));
    }

    private void create(String index, boolean withAliases) throws IOException {
        try (InputStream mapping = SearchIndex.class.getResourceAsStream(MAPPING)) {
            if (mapping == null) {
                throw new IllegalStateException("Missing " + MAPPING);
            }
            client.indices().create(c -> {
                c.withJson(mapping).index(index);
                if (withAliases) {
                    c.aliases(readAlias(), a -> a).aliases(writeAlias(), a -> a.isWriteIndex(true));
                }
                return c;
            });
            log.info("Created search index {}", index);
        } catch (ElasticsearchException e) {
            // Another replica created it at the same moment; theirs is as good as ours.
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }
}
