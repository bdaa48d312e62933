package io.tandem.api;

/**
 * The names of Tandem's event processors, in one place. They are stored with each processor's tokens (and dead
 * letters), so a name never changes once shipped; operators name them in {@code TANDEM_REPLAY} and tuning in
 * {@code application.yml} ({@code axon.eventhandling.processors.<name>}).
 */
public final class ProcessingGroups {

    /** Workspaces, members and categories, which every access check reads. */
    public static final String WORKSPACES = "workspaces";
    /** The task list and task lookups. */
    public static final String TASK_LIST = "task-list";
    /** The per-workspace sync log that pulls read. */
    public static final String SYNC_LOG = "sync-log";
    /** The history every event is kept in, in stream order. */
    public static final String AUDIT_LOG = "audit-log";
    /** The completion history behind analytics, and the analytics cache's eviction. */
    public static final String ANALYTICS = "analytics";
    /** The Elasticsearch index of tasks. */
    public static final String SEARCH = "search";
    /** Purges a deleted workspace's held sync conflicts. */
    public static final String SYNC_CONFLICTS = "sync-conflicts";
    /** Destroys a deleted workspace's data key. */
    public static final String DATA_KEYS = "data-keys";

    private ProcessingGroups() {
    }
}
