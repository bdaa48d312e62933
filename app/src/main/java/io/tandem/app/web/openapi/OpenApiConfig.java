package io.tandem.app.web.openapi;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.DateTimeSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.UUIDSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import io.tandem.app.security.CurrentUser;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * Completes what springdoc reads from the controllers: the bearer scheme on every operation but the public ones,
 * problem-details answers for each error status an operation can give, the RateLimit headers, and explicit request
 * schemas for the task bodies that controllers read as raw JSON (to tell an absent field from a null one).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String BEARER = "bearer";
    static final String OPERATOR = "operator";
    static final String OPERATOR_PATHS = "/api/v1/operator/";
    static final String PROBLEM = "Problem";
    static final String TASK_CREATE = "TaskCreateRequest";
    static final String TASK_UPDATE = "TaskUpdateRequest";
    static final String TASK_ASSIGN = "TaskAssignRequest";
    static final String PARKED_WRITE = "ParkedWrite";

    /** Reachable without a token (the contract's list); they answer neither 401 nor 403. */
    static final Set<String> PUBLIC_PATHS = Set.of("/api/v1/auth/register", "/api/v1/auth/login",
            "/api/v1/auth/refresh", "/api/v1/auth/verify", "/api/v1/auth/password-reset",
            "/api/v1/auth/password-reset/confirm", "/health", "/ready", "/metrics");
    static final Set<String> OPERATIONS_PATHS = Set.of("/health", "/ready", "/metrics");

    static final String TASKS = "/api/v1/workspaces/{workspaceId}/tasks";
    static final String TASK = TASKS + "/{taskId}";

    private static final String DESCRIPTION = """
            Tandem's HTTP API (contract v1). Every error is RFC 9457 problem details \
            (`application/problem+json`) with `type` (a `urn:tandem:problem:` URN), `title`, `status` and \
            `detail`; validation errors add `errors: [{field, message}]`.

            Choices where the contract is silent:
            - Every list answers the paged envelope `{items, page, size, total}` (`?page=0&size=50`, size at most \
            200), also the short ones (workspaces, members, categories, recurring templates).
            - Requests are limited per user (per client IP without a token): answers to `/api/**` carry \
            `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds) and `RateLimit-Policy`; over the \
            limit, 429 with `Retry-After`. Sync push additionally counts pushed operations per user.
            - Request bodies over 1 MiB answer 413; a body in another type than JSON answers 415.
            - `X-Correlation-Id` is echoed (or made up) on every answer and recorded with the events a request causes.
            - Task bodies are read field by field: an absent field is kept, `null` clears it; unknown fields are 400.
            - A write answers once its read model shows it. When that read model has parked the item's events (a             projection failed on one of them and set the item aside until an operator retries it), the write             answers at once `202 Accepted` with `{status: "parked", id, version, readModel, detail}`,             `ETag: "<version>"` and the header `Tandem-Read-Model-Parked: <read model>`: the change is saved and             must not be sent again; reads show an earlier state until the retry.
            """;

    /** The tags the controllers name in {@code @Tag}, declared once with what they group. */
    static final List<Tag> TAGS = List.of(
            tag("auth", "Accounts and tokens: register, login, refresh with rotation, logout, email verification, "
                    + "password reset and erasure"),
            tag("workspaces", "Workspaces, their plan and settings (conflict strategy, preserved fields)"),
            tag("members", "A workspace's members and their roles (owner, admin, member, viewer)"),
            tag("categories", "A workspace's task categories"),
            tag("tasks", "Tasks: create, read, change with optimistic concurrency, complete, reopen, assign, search"),
            tag("descriptions", "Collaborative editing of a task's description with text-unicode operations"),
            tag("sync", "The offline sync protocol: pull the workspace's operations, push the client's, "
                    + "resolve conflicts"),
            tag("analytics", "Task counts, trends and per-member productivity of a workspace"),
            tag("audit", "The event history of a task, of a workspace and, for auditors, of all workspaces"),
            tag("import", "Moving a local-only app's tasks and categories into a workspace"),
            tag("operator", "Operator-only endpoints (the operator token): billing plans and parked events"),
            tag("operations", "Health, readiness and Prometheus metrics for orchestrators and monitoring"));

    static {
        // The caller comes from the access token, never from the request; raw JSON bodies are objects of any fields
        // (without additionalProperties a generator reads "no property at all").
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentUser.class)
                .replaceWithSchema(JsonNode.class, new ObjectSchema().additionalProperties(true));
    }

    @Bean
    OpenAPI tandemOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Tandem API").version("v1").description(DESCRIPTION)
                        .contact(new Contact().name("Tandem maintainers")))
                // Relative: the origin that serves this description (springdoc would otherwise write the URL of
                // whichever request came first, which differs per deployment and per test port).
                .servers(List.of(new Server().url("/").description("This Tandem deployment")))
                .tags(TAGS)
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")
                                .description("The access token from register, login or refresh"))
                        .addSecuritySchemes(OPERATOR, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description("The operator token (TANDEM_OPERATOR_TOKEN); only for /api/v1/operator")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Runs after springdoc dropped unreferenced schemas, so the ones added here stay. */
    @Bean
    GlobalOpenApiCustomizer errorAnswers() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addSchemas(PROBLEM, problemSchema())
                    .addSchemas(TASK_CREATE, taskSchema(true))
                    .addSchemas(TASK_UPDATE, taskSchema(false))
                    .addSchemas(PARKED_WRITE, new ObjectSchema()
                            .description("A committed write whose read model is parked (answered 202)")
                            .addProperty("status", new StringSchema().example("parked"))
                            .addProperty("id", new UUIDSchema().description("The aggregate written"))
                            .addProperty("version", new IntegerSchema().format("int64")
                                    .description("The version the write committed"))
                            .addProperty("readModel", new StringSchema().example("task-list"))
                            .addProperty("detail", new StringSchema()))
                    .addSchemas(TASK_ASSIGN, new ObjectSchema()
                            .description("Assigns the task to a member of the workspace, or unassigns it with null")
                            .addProperty("assignedTo", nullable(new UUIDSchema()))
                            .required(List.of("assignedTo")));
            if (openApi.getPaths() == null) {
                return;
            }
            // The servlet container's error page is not an endpoint to call.
            openApi.getPaths().remove("/error");
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
                    .forEach((method, operation) -> complete(path, method, operation)));
            // Spring's ProblemDetail came in with the exception handlers' answers, which complete() replaced by Problem.
            openApi.getComponents().getSchemas().remove("ProblemDetail");
        };
    }

    /** Answered with {@code ResponseEntity.created(...)}: 201 with {@code Location}. */
    static final Set<String> CREATED = Set.of("register", "createWorkspace", "inviteMember", "createCategory",
            "createTask");
    /** Answered with {@code ResponseEntity.noContent()}: 204 without a body. */
    static final Set<String> NO_CONTENT = Set.of("logout", "eraseMe", "deleteWorkspace", "removeMember",
            "deleteCategory", "deleteTask");

    private static void complete(String path, PathItem.HttpMethod method, Operation operation) {
        success(path, operation);
        boolean publicPath = PUBLIC_PATHS.contains(path);
        if (publicPath) {
            operation.setSecurity(List.of());
        } else if (path.startsWith(OPERATOR_PATHS)) {
            operation.setSecurity(List.of(new SecurityRequirement().addList(OPERATOR)));
        }
        if (path.equals(TASKS) && method == PathItem.HttpMethod.POST) {
            operation.setRequestBody(jsonBody(TASK_CREATE));
        } else if (path.equals(TASK) && method == PathItem.HttpMethod.PUT) {
            operation.setRequestBody(jsonBody(TASK_UPDATE));
        } else if (path.equals(TASK + "/assign") && method == PathItem.HttpMethod.POST) {
            operation.setRequestBody(jsonBody(TASK_ASSIGN));
        }
        if (OPERATIONS_PATHS.contains(path)) {
            if (path.equals("/health") || path.equals("/ready")) {
                responses(operation).addApiResponse("503", new ApiResponse()
                        .description("A dependency is down (/health) or the instance is not serving (/ready)"));
            }
            return;
        }
        ApiResponses responses = responses(operation);
        responses.values().forEach(OpenApiConfig::rateLimitHeaders);
        boolean hasBody = operation.getRequestBody() != null;
        boolean hasParameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (hasBody || hasParameters) {
            problem(responses, "400", "Malformed or invalid input (validation errors list each field)");
        }
        if (!publicPath) {
            problem(responses, "401", "No, invalid or expired access token");
            problem(responses, "403", "Authenticated but not allowed (role too low, auditor writing)");
        }
        if (path.contains("{")) {
            problem(responses, "404", "Unknown resource, or one in a workspace the caller is not a member of");
        }
        if (method != PathItem.HttpMethod.GET && path.startsWith("/api/v1/workspaces") && !path.endsWith("/search")) {
            responses.addApiResponse("202", new ApiResponse()
                    .description("Saved, but the read model holding this item has parked its changes: the body says "
                            + "what was committed; reads show an earlier state until an operator retries them")
                    .addHeaderObject("Tandem-Read-Model-Parked", new Header()
                            .description("The read model that cannot show the write yet").schema(new StringSchema()))
                    .addHeaderObject("ETag", new Header().description("The committed version, quoted")
                            .schema(new StringSchema()))
                    .content(new Content().addMediaType("application/json",
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PARKED_WRITE)))));
        }
        if (method != PathItem.HttpMethod.GET) {
            problem(responses, "409", "Conflict with the current state (duplicate, concurrent or conflicting change)");
        }
        if (path.equals(TASK) && method == PathItem.HttpMethod.PUT) {
            problem(responses, "412", "The If-Match version is stale");
        }
        if (hasBody) {
            problem(responses, "413", "The request body is larger than 1 MiB");
            problem(responses, "415", "The request body is not JSON");
        }
        ApiResponse tooMany = problem(responses, "429", "Rate limited; retry after the Retry-After seconds");
        tooMany.addHeaderObject("Retry-After", new Header().description("Seconds to wait")
                .schema(new IntegerSchema()));
        problem(responses, "500", "Unexpected error (no details are given)");
        problem(responses, "503", "A dependency is down");
    }

    /**
     * What springdoc cannot see in a {@code ResponseEntity}: its status when the controller sets it (201, 204) and the
     * body's type, which it writes as {@code *}{@code /*}: JSON everywhere but the Prometheus text of /metrics.
     */
    private static void success(String path, Operation operation) {
        ApiResponses responses = responses(operation);
        ApiResponse ok = responses.get("200");
        if (ok == null) {
            return;
        }
        if (ok.getContent() != null && ok.getContent().containsKey("*/*")) {
            MediaType body = ok.getContent().remove("*/*");
            ok.getContent().addMediaType(path.equals("/metrics") ? "text/plain" : "application/json", body);
        }
        String id = operation.getOperationId();
        if (CREATED.contains(id)) {
            responses.remove("200");
            responses.addApiResponse("201", ok.description("Created").addHeaderObject("Location", new Header()
                    .description("The URL of what was created").schema(new StringSchema())));
        } else if (NO_CONTENT.contains(id)) {
            responses.remove("200");
            ok.setContent(null);
            responses.addApiResponse("204", ok.description("No Content"));
        }
    }

    private static Tag tag(String name, String description) {
        return new Tag().name(name).description(description);
    }

    private static ApiResponses responses(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        return operation.getResponses();
    }

    private static ApiResponse problem(ApiResponses responses, String status, String description) {
        ApiResponse response = new ApiResponse().description(description)
                .content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
        rateLimitHeaders(response);
        // An operation's own documentation of the same status is replaced: it would show Spring's default body.
        responses.addApiResponse(status, response);
        return response;
    }

    private static void rateLimitHeaders(ApiResponse response) {
        for (Map.Entry<String, String> header : Map.of(
                "RateLimit-Limit", "Requests allowed in the window",
                "RateLimit-Remaining", "Requests left in the window",
                "RateLimit-Reset", "Seconds until the quota is whole again").entrySet()) {
            response.addHeaderObject(header.getKey(), new Header().description(header.getValue())
                    .schema(new IntegerSchema()));
        }
    }

    private static RequestBody jsonBody(String schema) {
        return new RequestBody().required(true).content(new Content().addMediaType("application/json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema))));
    }

    private static Schema<?> problemSchema() {
        Schema<?> error = new ObjectSchema()
                .addProperty("field", new StringSchema())
                .addProperty("message", new StringSchema());
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("urn:tandem:problem:validation"))
                .addProperty("title", new StringSchema().example("Bad Request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().items(error).description("Validation errors only"))
                .required(List.of("type", "title", "status", "detail"));
    }

    /** The writable Task fields; on create a client may also choose the id (offline-created tasks). */
    private static Schema<?> taskSchema(boolean creating) {
        ObjectSchema recurring = new ObjectSchema();
        recurring.addProperty("frequency", enumeration("daily", "weekly", "monthly", "yearly"))
                .addProperty("interval", nullable(new IntegerSchema().minimum(java.math.BigDecimal.ONE))
                        .description("Absent or null: 1"))
                .addProperty("daysOfWeek", new ArraySchema().items(
                        enumeration("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")))
                .addProperty("endDate", nullable(new DateTimeSchema()))
                .addProperty("count", nullable(new IntegerSchema().minimum(java.math.BigDecimal.ONE)))
                .required(List.of("frequency"));
        ObjectSchema task = new ObjectSchema();
        task.description(creating
                ? "A new task: title is required; other fields default (priority medium, status todo)."
                : "Fields present are changed, absent ones kept, null clears. `version` (or If-Match) makes the "
                        + "write conditional: a stale version with overlapping fields answers 409.");
        if (creating) {
            task.addProperty("id", new UUIDSchema().description("Client-chosen id (optional)"));
            task.addProperty("parentTaskId", nullable(new UUIDSchema()
                    .description("The recurring template this task is an occurrence of (optional)")));
        } else {
            task.addProperty("version", new IntegerSchema().format("int64")
                    .description("The version the client last saw"));
        }
        task.addProperty("title", new StringSchema().minLength(1).maxLength(500))
                .addProperty("description", nullable(new StringSchema().maxLength(2000)))
                .addProperty("completed", new BooleanSchema())
                .addProperty("priority", enumeration("low", "medium", "high"))
                .addProperty("categoryId", nullable(new UUIDSchema().description("A category of the workspace")))
                .addProperty("tags", new ArraySchema().items(new StringSchema().maxLength(100)).maxItems(20))
                .addProperty("assignedTo", nullable(new UUIDSchema().description("A member of the workspace")))
                .addProperty("dueDate", nullable(new DateTimeSchema()))
                .addProperty("isRecurring", new BooleanSchema())
                .addProperty("recurringConfig", nullable(recurring))
                .addProperty("isTemplate", new BooleanSchema())
                .addProperty("status", enumeration("todo", "in_progress", "done"))
                .addProperty("position", nullable(new IntegerSchema()));
        if (creating) {
            task.required(List.of("title"));
        }
        return task;
    }

    private static Schema<String> enumeration(String... values) {
        StringSchema schema = new StringSchema();
        schema.setEnum(List.of(values));
        return schema;
    }

    /** Nullable in both dialects: 3.0's {@code nullable} and, as springdoc writes 3.1, a type list with "null". */
    private static <T> Schema<T> nullable(Schema<T> schema) {
        schema.setNullable(true);
        Set<String> types = new java.util.LinkedHashSet<>();
        if (schema.getType() != null) {
            types.add(schema.getType());
        }
        types.add("null");
        schema.setTypes(types);
        return schema;
    }
}
