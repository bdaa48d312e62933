package io.tandem.app.web.workspace;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.api.workspace.CategoryView;
import io.tandem.api.workspace.FetchCategoriesQuery;
import io.tandem.api.workspace.FindCategoryQuery;
import io.tandem.app.security.CurrentUser;
import io.tandem.app.problem.ApiException;
import io.tandem.app.web.PageResponse;
import io.tandem.app.web.Paging;
import io.tandem.app.readmodel.ReadYourWrites;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Grant;
import io.tandem.app.access.WorkspaceAccess.Need;
import jakarta.validation.Valid;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "categories")
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/categories")
class CategoryController {

    private final CategoryWrites writes;
    private final QueryGateway queries;
    private final WorkspaceAccess access;
    private final ReadYourWrites readYourWrites;

    CategoryController(CategoryWrites writes, QueryGateway queries, WorkspaceAccess access,
                       ReadYourWrites readYourWrites) {
        this.writes = writes;
        this.queries = queries;
        this.access = access;
        this.readYourWrites = readYourWrites;
    }

    @Operation(operationId = "listCategories", summary = "List a workspace's categories",
            description = "All categories of the workspace, as a page. For members.")
    @GetMapping
    PageResponse<CategoryView> list(CurrentUser user, @PathVariable UUID workspaceId,
                                    @RequestParam(required = false) Integer page,
                                    @RequestParam(required = false) Integer size) {
        access.require(workspaceId, user, Need.READ);
        List<CategoryView> all = queries.query(new FetchCategoriesQuery(workspaceId),
                ResponseTypes.multipleInstancesOf(CategoryView.class)).join();
        return PageResponse.of(all, Paging.of(page, size));
    }

    @Operation(operationId = "createCategory", summary = "Create a category",
            description = "Members and above. Names are unique per workspace, case-insensitively (409); `color` is "
                    + "`#RRGGBB`. The client may choose the id. Answers 201 with `Location`.")
    @PostMapping
    ResponseEntity<CategoryView> create(CurrentUser user, @PathVariable UUID workspaceId,
                                        @Valid @RequestBody WorkspaceRequests.CreateCategory body) {
        Grant grant = access.require(workspaceId, user, Need.WRITE);
        UUID id = body.id() == null ? UUID.randomUUID() : body.id();
        long version = writes.create(grant, id, body.name(), body.color(), Map.of());
        return ResponseEntity.created(URI.create("/api/v1/workspaces/" + workspaceId + "/categories/" + id))
                .body(read(workspaceId, id, version));
    }

    @Operation(operationId = "getCategory", summary = "Read a category",
            description = "One category of the workspace. For members.")
    @GetMapping("/{categoryId}")
    CategoryView get(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID categoryId) {
        access.require(workspaceId, user, Need.READ);
        return find(workspaceId, categoryId);
    }

    @Operation(operationId = "updateCategory", summary = "Rename or recolour a category",
            description = "Members and above; fields left out are kept. A name another category has answers 409.")
    @PutMapping("/{categoryId}")
    CategoryView update(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID categoryId,
                        @Valid @RequestBody WorkspaceRequests.UpdateCategory body) {
        long version = writes.update(access.require(workspaceId, user, Need.WRITE), categoryId, body.name(),
                body.color(), Map.of());
        return read(workspaceId, categoryId, version);
    }

    @Operation(operationId = "deleteCategory", summary = "Delete a category",
            description = "Members and above. Tasks in it keep existing with `categoryId: null`. Answers 204.")
    @DeleteMapping("/{categoryId}")
    ResponseEntity<Void> delete(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID categoryId) {
        long version = writes.delete(access.require(workspaceId, user, Need.WRITE), categoryId, Map.of());
        readYourWrites.awaitWorkspace(workspaceId, version);
        return ResponseEntity.noContent().build();
    }

    private CategoryView read(UUID workspaceId, UUID categoryId, long version) {
        readYourWrites.awaitWorkspace(workspaceId, version);
        return find(workspaceId, categoryId);
    }

    private CategoryView find(UUID workspaceId, UUID categoryId) {
        return queries.query(new FindCategoryQuery(workspaceId, categoryId),
                        ResponseTypes.optionalInstanceOf(CategoryView.class)).join()
                .orElseThrow(() -> ApiException.notFound("Category not found"));
    }
}
