package io.tandem.app.web.audit;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tandem.api.audit.FetchHistoryEventsQuery;
import io.tandem.api.audit.FetchTaskHistoryQuery;
import io.tandem.api.audit.FindLatestHistoryPositionQuery;
import io.tandem.api.audit.HistoryEvent;
import io.tandem.api.audit.HistoryFilter;
import io.tandem.api.audit.HistoryPage;
import io.tandem.app.security.CurrentUser;
import io.tandem.app.problem.ApiException;
import io.tandem.app.readmodel.ReadYourWrites;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Need;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.ObjectMapper;

/**
 * The audit history. JSON pages by position ({@code after}, {@code limit}); with {@code Accept:
 * application/x-ndjson} the same range is streamed one event per line, read a page at a time, up to the newest
 * position at the start of the request (or {@code limit} events).
 */
@Tag(name = "audit")
@RestController
class AuditController {

    static final String NDJSON = "application/x-ndjson";
    private static final int DEFAULT_LIMIT = 100;

    private final QueryGateway queries;
    private final WorkspaceAccess access;
    private final ReadYourWrites readYourWrites;
    private final ObjectMapper mapper;
    private final AuditProperties properties;

    AuditController(QueryGateway queries, WorkspaceAccess access, ReadYourWrites readYourWrites, ObjectMapper mapper,
                    AuditProperties properties) {
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.access = access;
        this.mapper = mapper;
        this.properties = properties;
    }

    @Operation(operationId = "taskHistory", summary = "Read a task's history",
            description = "Every event of the task, oldest first. Owners, admins and auditors; other members get 403.")
    @GetMapping("/api/v1/workspaces/{workspaceId}/tasks/{taskId}/history")
    List<HistoryEvent> taskHistory(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID taskId) {
        requireHistoryReader(workspaceId, user);
        readYourWrites.awaitHistory(taskId);
        List<HistoryEvent> events = queries.query(new FetchTaskHistoryQuery(workspaceId, taskId),
                ResponseTypes.multipleInstancesOf(HistoryEvent.class)).join();
        if (events.isEmpty()) {
            throw ApiException.notFound("Task not found");
        }
        return events;
    }

    @Operation(operationId = "workspaceEvents", summary = "Read a workspace's events",
            description = "The workspace's history, filtered by time, event type, user and aggregate, after a "
                    + "position: a page `{items, nextPosition}`, or, with `Accept: application/x-ndjson`, every "
                    + "match up to `limit` (none: all) streamed one event per line. Owners, admins and auditors.")
    @GetMapping("/api/v1/workspaces/{workspaceId}/events")
    HistoryEventsResponse workspaceEvents(CurrentUser user, @PathVariable UUID workspaceId,
                                          @RequestParam(required = false) Instant from,
                                          @RequestParam(required = false) Instant to,
                                          @RequestParam(required = false) List<String> eventType,
                                          @RequestParam(required = false) UUID userId,
                                          @RequestParam(required = false) String aggregateId,
                                          @RequestParam(required = false) Long after,
                                          @RequestParam(required = false) Integer limit) {
        requireHistoryReader(workspaceId, user);
        return page(new HistoryFilter(workspaceId, from, to, eventType, userId, aggregateId), after, limit);
    }

    @Operation(operationId = "workspaceEvents", summary = "Read a workspace's events",
            description = "The workspace's history, filtered by time, event type, user and aggregate, after a "
                    + "position: a page `{items, nextPosition}`, or, with `Accept: application/x-ndjson`, every "
                    + "match up to `limit` (none: all) streamed one event per line. Owners, admins and auditors.")
    @GetMapping(path = "/api/v1/workspaces/{workspaceId}/events", produces = NDJSON)
    ResponseEntity<StreamingResponseBody> streamWorkspaceEvents(CurrentUser user, @PathVariable UUID workspaceId,
                                                                @RequestParam(required = false) Instant from,
                                                                @RequestParam(required = false) Instant to,
                                                                @RequestParam(required = false) List<String> eventType,
                                                                @RequestParam(required = false) UUID userId,
                                                                @RequestParam(required = false) String aggregateId,
                                                                @RequestParam(required = false) Long after,
                                                                @RequestParam(required = false) Integer limit) {
        requireHistoryReader(workspaceId, user);
        return stream(new HistoryFilter(workspaceId, from, to, eventType, userId, aggregateId), after, limit);
    }

    @Operation(operationId = "auditEvents", summary = "Read the events of all workspaces",
            description = "The same as a workspace's events, across workspaces (optionally one `workspaceId`). "
                    + "Auditors only.")
    @GetMapping("/api/v1/audit/events")
    HistoryEventsResponse auditEvents(CurrentUser user,
                                      @RequestParam(required = false) UUID workspaceId,
                                      @RequestParam(required = false) Instant from,
                                      @RequestParam(required = false) Instant to,
                                      @RequestParam(required = false) List<String> eventType,
                                      @RequestParam(required = false) UUID userId,
                                      @RequestParam(required = false) String aggregateId,
                                      @RequestParam(required = false) Long after,
                                      @RequestParam(required = false) Integer limit) {
        requireAuditor(user);
        return page(new HistoryFilter(workspaceId, from, to, eventType, userId, aggregateId), after, limit);
    }

    @Operation(operationId = "auditEvents", summary = "Read the events of all workspaces",
            description = "The same as a workspace's events, across workspaces (optionally one `workspaceId`). "
                    + "Auditors only.")
    @GetMapping(path = "/api/v1/audit/events", produces = NDJSON)
    ResponseEntity<StreamingResponseBody> streamAuditEvents(CurrentUser user,
                                                            @RequestParam(required = false) UUID workspaceId,
                                                            @RequestParam(required = false) Instant from,
                                                            @RequestParam(required = false) Instant to,
                                                            @RequestParam(required = false) List<String> eventType,
                                                            @RequestParam(required = false) UUID userId,
                                                            @RequestParam(required = false) String aggregateId,
                                                            @RequestParam(required = false) Long after,
                                                            @RequestParam(required = false) Integer limit) {
        requireAuditor(user);
        return stream(new HistoryFilter(workspaceId, from, to, eventType, userId, aggregateId), after, limit);
    }

    /** Owners, admins and global auditors read history; other members get 403, non-members 404. */
    private void requireHistoryReader(UUID workspaceId, CurrentUser user) {
        access.require(workspaceId, user, user.auditor() ? Need.READ : Need.MANAGE);
    }

    private static void requireAuditor(CurrentUser user) {
        if (!user.auditor()) {
            throw ApiException.forbidden("Only auditors read the history of all workspaces");
        }
    }

    private HistoryEventsResponse page(HistoryFilter filter, Long after, Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > properties.maxPageSize()) {
            throw ApiException.badRequest("limit", "must be between 1 and " + properties.maxPageSize());
        }
        HistoryPage page = fetch(filter, position(after), null, size);
        return new HistoryEventsResponse(page.items(), page.nextPosition(), page.hasMore());
    }

    private ResponseEntity<StreamingResponseBody> stream(HistoryFilter filter, Long after, Integer limit) {
        long start = position(after);
        if (limit != null && limit < 1) {
            throw ApiException.badRequest("limit", "must be 1 or more");
        }
        // The range ends where the log stood when the request came, so a stream always finishes.
        long upTo = queries.query(new FindLatestHistoryPositionQuery(), Long.class).join();
        long max = limit == null ? Long.MAX_VALUE : limit;
        StreamingResponseBody body = out -> writeRange(out, filter, start, upTo, max);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(NDJSON)).body(body);
    }

    private void writeRange(OutputStream out, HistoryFilter filter, long after, long upTo, long max) throws IOException {
        long written = 0;
        long position = after;
        while (written < max) {
            int size = (int) Math.min(properties.streamPageSize(), max - written);
            HistoryPage page = fetch(filter, position, upTo, size);
            for (HistoryEvent event : page.items()) {
                out.write(mapper.writeValueAsBytes(event));
                out.write('\n');
            }
            out.flush();
            written += page.items().size();
            position = page.nextPosition();
            if (!page.hasMore()) {
                return;
            }
        }
    }

    private HistoryPage fetch(HistoryFilter filter, long after, Long upTo, int limit) {
        return queries.query(new FetchHistoryEventsQuery(filter, after, upTo, limit), HistoryPage.class).join();
    }

    private static long position(Long after) {
        if (after != null && after < 0) {
            throw ApiException.badRequest("after", "must be 0 or more");
        }
        return after == null ? 0 : after;
    }
}
