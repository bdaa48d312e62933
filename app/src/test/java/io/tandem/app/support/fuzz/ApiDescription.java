package io.tandem.app.support.fuzz;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operations of a live OpenAPI description (as {@code /v3/api-docs} serves it): every path and method with its
 * path and query parameters and its JSON request body, whose schema has every {@code $ref} and {@code allOf}
 * resolved in place.
 */
public final class ApiDescription {

    /** One parameter: its name and resolved schema. */
    public record Param(String name, JsonNode schema, boolean required) {
    }

    /** One operation of the description. */
    public record Operation(String method, String path, List<Param> pathParams, List<Param> queryParams,
                            JsonNode body, List<String> bodyMediaTypes, boolean secured) {

        public String key() {
            return method + " " + path;
        }

        public boolean mutating() {
            return !method.equals("GET");
        }

        public boolean hasJsonBody() {
            return body != null;
        }
    }

    private static final int MAX_DEPTH = 12;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode document;

    private ApiDescription(JsonNode document) {
        this.document = document;
    }

    public static List<Operation> operations(JsonNode document) {
        return new ApiDescription(document).read();
    }

    private List<Operation> read() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            JsonNode item = path.getValue();
            List<JsonNode> shared = list(item.get("parameters"));
            for (Map.Entry<String, JsonNode> entry : item.properties()) {
                String method = entry.getKey().toUpperCase(Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    continue;
                }
                operations.add(operation(method, path.getKey(), entry.getValue(), shared));
            }
        }
        return operations;
    }

    private Operation operation(String method, String path, JsonNode operation, List<JsonNode> shared) {
        List<Param> pathParams = new ArrayList<>();
        List<Param> queryParams = new ArrayList<>();
        List<JsonNode> parameters = new ArrayList<>(shared);
        parameters.addAll(list(operation.get("parameters")));
        for (JsonNode raw : parameters) {
            JsonNode parameter = deref(raw);
            String in = parameter.path("in").asString("");
            Param param = new Param(parameter.path("name").asString(), resolve(parameter.get("schema"), 0),
                    parameter.path("required").asBoolean(false));
            if (in.equals("path")) {
                pathParams.add(param);
            } else if (in.equals("query")) {
                queryParams.add(param);
            }
        }
        JsonNode body = null;
        List<String> mediaTypes = new ArrayList<>();
        JsonNode requestBody = operation.get("requestBody");
        if (requestBody != null) {
            JsonNode content = deref(requestBody).path("content");
            for (Map.Entry<String, JsonNode> media : content.properties()) {
                mediaTypes.add(media.getKey());
                if (media.getKey().contains("json") && body == null) {
                    body = resolve(media.getValue().get("schema"), 0);
                }
            }
        }
        boolean secured = operation.has("security")
                ? operation.get("security").size() > 0
                : document.path("security").size() > 0;
        return new Operation(method, path, pathParams, queryParams, body, mediaTypes, secured);
    }

    private JsonNode deref(JsonNode node) {
        JsonNode current = node;
        for (int i = 0; current != null && current.has("$ref") && i < MAX_DEPTH; i++) {
            current = pointer(current.get("$ref").asString());
        }
        return current;
    }

    private JsonNode pointer(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("Only local references are supported: " + ref);
        }
        JsonNode node = document;
        for (String part : ref.substring(2).split("/")) {
            node = node.path(part.replace("~1", "/").replace("~0", "~"));
        }
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("Unresolvable reference " + ref);
        }
        return node;
    }

    /** A copy of the schema with references and allOf resolved, up to a depth that cuts recursive schemas. */
    private JsonNode resolve(JsonNode schema, int depth) {
        if (schema == null || depth > MAX_DEPTH) {
            return JSON.createObjectNode();
        }
        JsonNode node = deref(schema);
        if (!node.isObject()) {
            return node;
        }
        ObjectNode copy = JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "properties" -> {
                    ObjectNode properties = JSON.createObjectNode();
                    value.properties().forEach(p -> properties.set(p.getKey(), resolve(p.getValue(), depth + 1)));
                    copy.set(name, properties);
                }
                case "items", "additionalProperties" -> copy.set(name,
                        value.isObject() ? resolve(value, depth + 1) : value);
                case "allOf" -> {
                    for (JsonNode part : value) {
                        merge(copy, resolve(part, depth + 1));
                    }
                }
                case "oneOf", "anyOf" -> {
                    ArrayNode options = JSON.createArrayNode();
                    value.forEach(option -> options.add(resolve(option, depth + 1)));
                    copy.set(name, options);
                }
                default -> copy.set(name, value);
            }
        }
        return copy;
    }

    private static void merge(ObjectNode into, JsonNode part) {
        for (Map.Entry<String, JsonNode> field : part.properties()) {
            JsonNode existing = into.get(field.getKey());
            if (existing instanceof ObjectNode target && field.getValue().isObject()) {
                merge(target, field.getValue());
            } else if (existing instanceof ArrayNode target && field.getValue().isArray()) {
                field.getValue().forEach(target::add);
            } else {
                into.set(field.getKey(), field.getValue());
            }
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        if (array != null) {
            for (Iterator<JsonNode> it = array.iterator(); it.hasNext(); ) {
                items.add(it.next());
            }
        }
        return items;
    }

    /** The schema's type ("object", "string"...), reading OpenAPI 3.1 type lists and untyped objects. */
    public static String type(JsonNode schema) {
        if (schema == null) {
            return null;
        }
        JsonNode type = schema.get("type");
        if (type != null && type.isString()) {
            return type.asString();
        }
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asString().equals("null")) {
                    return t.asString();
                }
            }
        }
        for (String choice : List.of("oneOf", "anyOf")) {
            if (schema.has(choice)) {
                for (JsonNode option : schema.get(choice)) {
                    String optionType = type(option);
                    if (optionType != null && !optionType.equals("null")) {
                        return optionType;
                    }
                }
            }
        }
        if (schema.has("properties")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return null;
    }

    /** Whether null is allowed: 3.0's {@code nullable} or a 3.1 type list naming "null". */
    public static boolean nullable(JsonNode schema) {
        if (schema == null) {
            return true;
        }
        if (schema.path("nullable").asBoolean(false)) {
            return true;
        }
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (t.asString().equals("null")) {
                    return true;
                }
            }
        }
        return false;
    }
}
