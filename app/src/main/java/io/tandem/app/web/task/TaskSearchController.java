package io.tandem.app.web.task;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import io.tandem.api.task.Priority;
import io.tandem.api.task.SearchTasksQuery;
import io.tandem.api.DomainFailure;
import io.tandem.api.ErrorCode;
import io.tandem.api.task.TaskFilter;
import io.tandem.api.task.TaskSearchHit;
import io.tandem.api.task.TaskSearchPage;
import io.tandem.api.task.TaskStatus;
import io.tandem.app.security.CurrentUser;
import io.tandem.app.problem.ApiException;
import io.tandem.app.web.PageResponse;
import io.tandem.app.web.Paging;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Need;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Full-text task search. The literal {@code /tasks/search} path wins over {@code /tasks/{taskId}} in Spring's
 * pattern ranking, so no task id can shadow it.
 */
@Tag(name = "tasks")
@RestController
class TaskSearchController {

    /** Elasticsearch's default result window: deeper pages are refused rather than answered wrongly. */
    private static final int MAX_RESULT_WINDOW = 10_000;
    private static final String RETRY_AFTER_SECONDS = "5";

    private final QueryGateway queries;
    private final WorkspaceAccess access;

    TaskSearchController(QueryGateway queries, WorkspaceAccess access) {
        this.queries = queries;
        this.access = access;
    }

    @Operation(operationId = "searchTasks", summary = "Search tasks by text",
            description = "Full-text search of titles, descriptions and tags (`q`, required, at most 500 characters), "
                    + "with the list's filters: a page of `{task, score, highlights}`. When the search index is "
                    + "down, 503 with `Retry-After`.")
    @GetMapping("/api/v1/workspaces/{workspaceId}/tasks/search")
    PageResponse<TaskSearchHit> search(CurrentUser user, @PathVariable UUID workspaceId,
                                       @RequestParam(required = false) String q,
                                       @RequestParam(required = false) TaskStatus status,
                                       @RequestParam(required = false) Priority priority,
                                       @RequestParam(required = false) Boolean completed,
                                       @RequestParam(required = false) UUID assignedTo,
                                       @RequestParam(required = false) UUID categoryId,
                                       @RequestParam(required = false) String tag,
                                       @RequestParam(required = false) Instant dueBefore,
                                       @RequestParam(required = false) Instant dueAfter,
                                       @RequestParam(required = false) Integer page,
                                       @RequestParam(required = false) Integer size) {
        access.require(workspaceId, user, Need.READ);
        if (q == null || q.isBlank()) {
            throw ApiException.badRequest("q", "is required and must not be blank");
        }
        if (q.length() > 500) {
            throw ApiException.badRequest("q", "must be at most 500 characters");
        }
        Paging paging = Paging.of(page, size);
        if ((long) (paging.page() + 1) * paging.size() > MAX_RESULT_WINDOW) {
            throw ApiException.badRequest("page", "reaches past the first " + MAX_RESULT_WINDOW + " results; refine the search");
        }
        TaskFilter filter = new TaskFilter(status, priority, completed, assignedTo, categoryId, tag, dueBefore, dueAfter);
        TaskSearchPage result;
        try {
            result = queries.query(new SearchTasksQuery(workspaceId, q, filter, paging.page(), paging.size()),
                    TaskSearchPage.class).join();
        } catch (CompletionException e) {
            if (unavailable(e)) {
                throw ApiException.unavailable("Search is temporarily unavailable; tasks can still be listed and changed")
                        .header("Retry-After", RETRY_AFTER_SECONDS);
            }
            throw e;
        }
        return new PageResponse<>(result.items(), result.page(), result.size(), result.total());
    }

    private static boolean unavailable(Throwable e) {
        return DomainFailure.find(e).filter(refusal -> refusal.code() == ErrorCode.UNAVAILABLE).isPresent();
    }
}
