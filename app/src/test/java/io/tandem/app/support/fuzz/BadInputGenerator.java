package io.tandem.app.support.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.tandem.app.support.fuzz.ApiDescription.Operation;
import io.tandem.app.support.fuzz.ApiDescription.Param;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generates bad requests for the operations of an API description. Case {@code i} of seed {@code s} depends on
 * nothing else, so any finding can be reproduced alone. Requests that must be refused go to the seeded workspace,
 * with its owner's token (so nothing can hide behind a 403); requests that may legitimately succeed (odd but valid
 * text) go to the scratch workspace.
 */
public final class BadInputGenerator {

    static final String SEEDED = "seeded";
    static final String SCRATCH = "scratch";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int HUGE_BODY = 1_200_000;

    /** JSON string contents (between the quotes, escapes as written) that are odd but valid JSON. */
    private static final List<String> ODD_TEXT = List.of(
            "\\ud800", "\\udfff", "\\ud800\\ud800", "a\\udc00b", "\\udbff\\udfff\\ud800", "\\u0000", "nul\\u0000in",
            "\\u202eevil\\u202c", "\\u200b\\u200c\\u200d", "\\ufeffbom", "\\uffff\\ufffe", "\\u2028\\u2029",
            "\\u0001\\u001f\\u007f", "tab\\tnew\\nline\\r", "\u00e9t\u00e9 \u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd",
            "\ud83d\ude00\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67", "\\ud83d\\ude00", "<script>alert(1)</script>",
            "' OR '1'='1' --", "${jndi:ldap://127.0.0.1/x}", "%s%n%x", "\\\\\\\"", "../../etc/passwd", "%00%ZZ%FF",
            " ", "\u3000", "null", "[]");

    private static final List<String> BAD_IDS = List.of("not-a-uuid", "0", "-1", "null", "undefined", "true",
            "00000000-0000-0000-0000-00000000000g", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "%ZZ", "%C0%AF", "%FF",
            "%FF%FE", "%E2%82", "%ED%A0%80", "%2F", "a%2Fb", "%5C", "a%5Cb", "%00", "%0A", "%0D%0A", "%E2%80%AE",
            "%F0%9F%98%80", "%25", "%", "%%", "%u0041", "%2", "%G1", "a%20b", "%3B", "%3F", "%23", "'", "%22%3E%3C",
            "\u00ff", "\u00c3\u00a9", "\u0080", "%7B%7D", "{x}", "*");

    private static final List<String> KINDS_WITH_BODY = List.of("wrong-type", "wrong-type", "wrong-type", "null-field",
            "bogus-enum", "too-long", "huge-body", "odd-string", "odd-string", "broken-json", "broken-json",
            "deep-nesting", "wrong-top-level", "content-type", "json-charset");

    private final List<Operation> operations;
    private final FuzzWorld world;
    private final String host;
    private final int cases;

    public BadInputGenerator(List<Operation> operations, FuzzWorld world, String host, int cases) {
        this.operations = List.copyOf(operations);
        this.world = world;
        this.host = host;
        this.cases = cases;
    }

    public FuzzWorld world() {
        return world;
    }

    public List<Operation> operations() {
        return operations;
    }

    /**
     * Case {@code index}: operations are visited in turn (so each gets its share however small the run), the kind
     * of bad input and its details are drawn from a generator seeded by the seed and the index.
     */
    public FuzzCase generate(long seed, int index) {
        Random random = new Random(mix(seed, index));
        Operation operation = operations.get(Math.floorMod(index + (int) (seed % operations.size()), operations.size()));
        List<String> kinds = new ArrayList<>();
        if (operation.hasJsonBody()) {
            kinds.addAll(KINDS_WITH_BODY);
        }
        if (!operation.pathParams().isEmpty()) {
            kinds.add("bad-path");
            kinds.add("bad-path");
        }
        if (!operation.mutating()) {
            kinds.add("bad-query");
            kinds.add("bad-query");
            kinds.add("bad-query");
            kinds.add("bad-header");
        }
        if (operation.secured()) {
            kinds.add("bad-token");
            kinds.add("bad-token");
        }
        kinds.add("bad-method");
        String kind = kinds.get(random.nextInt(kinds.size()));
        Case c = new Case(index, operation, kind, random);
        c.build();
        return new FuzzCase(index, operation.key(), kind, c.target, c.bytes(), c.mustRefuse, c.field);
    }

    public int cases() {
        return cases;
    }

    static long mix(long seed, long index) {
        long z = seed + index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A body field: how to reach it from the top of the body, and its schema. */
    record Field(List<Object> steps, String name, JsonNode schema, boolean required) {

        String shown() {
            StringBuilder s = new StringBuilder();
            for (Object step : steps) {
                if (step instanceof Integer i) {
                    s.append('[').append(i).append(']');
                } else {
                    s.append(s.isEmpty() ? "" : ".").append(step);
                }
            }
            return s.toString();
        }
    }

    static List<Field> fields(JsonNode schema) {
        List<Field> fields = new ArrayList<>();
        walk(schema, new ArrayList<>(), fields, 0);
        return fields;
    }

    private static void walk(JsonNode schema, List<Object> steps, List<Field> into, int depth) {
        if (schema == null || depth > 4) {
            return;
        }
        String type = ApiDescription.type(schema);
        if ("object".equals(type) && schema.has("properties")) {
            List<String> required = new ArrayList<>();
            schema.path("required").forEach(r -> required.add(r.asString()));
            for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
                if (property.getValue().path("readOnly").asBoolean(false)) {
                    continue;
                }
                List<Object> next = new ArrayList<>(steps);
                next.add(property.getKey());
                into.add(new Field(next, property.getKey(), property.getValue(), required.contains(property.getKey())));
                walk(property.getValue(), next, into, depth + 1);
            }
        } else if ("array".equals(type) && schema.has("items")) {
            List<Object> next = new ArrayList<>(steps);
            next.add(0);
            JsonNode items = schema.get("items");
            String itemType = ApiDescription.type(items);
            if (itemType != null && !"object".equals(itemType) && !"array".equals(itemType)) {
                String name = steps.isEmpty() ? "items" : String.valueOf(steps.get(steps.size() - 1));
                into.add(new Field(next, name, items, true));
            }
            walk(items, next, into, depth + 1);
        }
    }

    /** One case being built. */
    private final class Case {
        final int index;
        final Operation operation;
        final String kind;
        final Random random;
        String target = SEEDED;
        boolean mustRefuse = true;
        String field;
        String method;
        String path;
        String query = "";
        final List<String> headers = new ArrayList<>();
        byte[] body;
        boolean chunked;
        boolean tokenSet;

        Case(int index, Operation operation, String kind, Random random) {
            this.index = index;
            this.operation = operation;
            this.kind = kind;
            this.random = random;
            this.method = operation.method();
        }

        FuzzWorld.Identity identity() {
            return target.equals(SEEDED) ? world.seeded : world.scratch;
        }

        void build() {
            switch (kind) {
                case "wrong-type" -> wrongType();
                case "null-field" -> nullField();
                case "bogus-enum" -> bogusEnum();
                case "too-long" -> tooLong();
                case "huge-body" -> hugeBody();
                case "odd-string" -> oddString();
                case "broken-json" -> brokenJson();
                case "deep-nesting" -> deepNesting();
                case "wrong-top-level" -> wrongTopLevel();
                case "content-type" -> contentType();
                case "json-charset" -> jsonCharset();
                case "bad-path" -> badPath();
                case "bad-query" -> badQuery();
                case "bad-header" -> badHeader();
                case "bad-token" -> badToken();
                case "bad-method" -> badMethod();
                default -> throw new IllegalStateException(kind);
            }
            if (path == null) {
                path = validPath();
            }
        }

        String validPath() {
            String p = operation.path();
            for (Param param : operation.pathParams()) {
                String id = identity().ids().getOrDefault(param.name(), UUID.randomUUID().toString());
                p = p.replace("{" + param.name() + "}", id);
            }
            return p;
        }

        <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        Field pickField(java.util.function.Predicate<Field> which) {
            List<Field> candidates = fields(operation.body()).stream().filter(which).toList();
            return candidates.isEmpty() ? null : pick(candidates);
        }

        /** The body with {@code value} at the field, and a plausible value in every required field beside it. */
        String nest(List<Object> steps, String value) {
            return BadInputGenerator.nest(operation.body(), steps, 0, value);
        }

        void jsonBody(String text) {
            jsonBody(text.getBytes(StandardCharsets.UTF_8));
        }

        void jsonBody(byte[] bytes) {
            body = bytes;
            headers.add("Content-Type: application/json");
        }

        /** When the body has no field of the kind asked for, the case becomes a wrong top-level value instead. */
        void wrongType() {
            Field f = pickField(x -> ApiDescription.type(x.schema()) != null);
            if (f == null) {
                wrongTopLevel();
                return;
            }
            field = f.name();
            jsonBody(nest(f.steps(), pick(wrongValues(f.schema()))));
        }

        void nullField() {
            Field f = pickField(x -> x.required() && !ApiDescription.nullable(x.schema())
                    && ApiDescription.type(x.schema()) != null);
            if (f == null) {
                wrongType();
                return;
            }
            field = f.name();
            jsonBody(nest(f.steps(), "null"));
        }

        void bogusEnum() {
            Field f = pickField(x -> x.schema().has("enum"));
            if (f == null) {
                wrongType();
                return;
            }
            field = f.name();
            String enumValue = f.schema().get("enum").get(0).asString();
            jsonBody(nest(f.steps(), pick(List.of("\"bogus-value\"", "\"\"", "\" " + enumValue + "\"",
                    "\"" + enumValue + "\\u0000\"", "\"" + enumValue.toUpperCase() + "x\""))));
        }

        void tooLong() {
            Field f = pickField(x -> x.schema().has("maxLength") || x.schema().has("maxItems")
                    || x.schema().path("minLength").asInt(0) > 0);
            if (f == null) {
                hugeBody();
                return;
            }
            field = f.name();
            JsonNode schema = f.schema();
            String value;
            if (schema.has("maxItems")) {
                int count = schema.get("maxItems").asInt() + 1 + random.nextInt(5);
                // Distinct items, so that no de-duplication can bring the list back under its limit.
                List<String> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    String item = sample(schema.get("items"));
                    items.add(item.startsWith("\"") && !item.contains("-") ? "\"item " + i + "\"" : item);
                }
                value = "[" + String.join(",", items) + "]";
            } else if (schema.has("maxLength") && random.nextInt(4) > 0) {
                int max = schema.get("maxLength").asInt();
                String unit = pick(List.of("a", "\u00e9", "\u6c49", "\ud83d\ude00"));
                value = "\"" + unit.repeat(max + 1 + random.nextInt(Math.max(1, max * 2))) + "\"";
            } else if (schema.path("minLength").asInt(0) > 0) {
                value = "\"\"";
            } else {
                int max = schema.get("maxLength").asInt();
                value = "\"" + "b".repeat(max + 1) + "\"";
            }
            jsonBody(nest(f.steps(), value));
        }

        void hugeBody() {
            field = null;
            Field f = pickField(x -> "string".equals(ApiDescription.type(x.schema())));
            List<Object> steps = f == null ? List.of("huge") : f.steps();
            jsonBody(nest(steps, "\"" + "x".repeat(HUGE_BODY) + "\""));
            chunked = random.nextBoolean();
        }

        void oddString() {
            Field f = pickField(x -> "string".equals(ApiDescription.type(x.schema())));
            String odd = oddText();
            if (f == null || random.nextInt(5) == 0) {
                // An odd property name: unknown, so it must be refused, and the answer must still be clean.
                jsonBody("{\"" + odd + "\":1}");
                return;
            }
            target = SCRATCH;
            mustRefuse = false;
            jsonBody(nest(f.steps(), "\"" + odd + "\""));
        }

        String oddText() {
            String odd = pick(ODD_TEXT);
            return switch (random.nextInt(6)) {
                case 0 -> odd.repeat(1 + random.nextInt(3000));
                case 1 -> pick(List.of("\u6c49", "\ud83d\ude00", "e\u0301", "\\ud800")).repeat(400 + random.nextInt(60_000));
                default -> odd;
            };
        }

        /** A body that may be valid for the scratch workspace, then broken: it must be refused all the same. */
        void brokenJson() {
            target = SCRATCH;
            Field f = pickField(x -> ApiDescription.type(x.schema()) != null && !"object".equals(ApiDescription.type(x.schema())));
            String valid = f == null ? "{}" : nest(f.steps(), sample(f.schema()));
            byte[] utf8 = valid.getBytes(StandardCharsets.UTF_8);
            switch (random.nextInt(12)) {
                case 0 -> jsonBody(valid.substring(0, Math.max(1, random.nextInt(valid.length()))));
                case 1 -> jsonBody(valid + pick(List.of("garbage", "}", "]", ",", "{}", "[1]", "\u0000", "x\"", ";")));
                case 2 -> jsonBody(valid + " " + valid);
                case 3 -> jsonBody(concat(utf8, 0, new byte[] {(byte) 0xFF, (byte) 0xFE}));
                case 4 -> jsonBody(insertIntoString(valid, new byte[] {(byte) 0xC3, (byte) 0x28}));
                case 5 -> jsonBody(insertIntoString(valid, new byte[] {(byte) 0xFF}));
                case 6 -> jsonBody(insertIntoString(valid, new byte[] {(byte) 0x80, (byte) 0x80}));
                case 7 -> jsonBody(insertIntoString(valid, new byte[] {(byte) 0xE2, (byte) 0x82}));
                case 8 -> jsonBody(pick(List.of("", " ", "{", "}", "{\"", "{\"a\"", "{\"a\":", "{'a':1}", "{a:1}",
                        "{\"a\":1,}", "[,]", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":\"\\x\"}",
                        "{\"a\":\"\\u12\"}", "/* c */{}", "{\"a\":\"unterminated}", "\u0000", "{\"a\":\"raw\nnewline\"}")));
                case 9 -> {
                    // Overlong and surrogate encodings: Jackson may decode them; no 5xx either way.
                    mustRefuse = false;
                    jsonBody(insertIntoString(valid, pick(List.of(new byte[] {(byte) 0xC0, (byte) 0xAF},
                            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}))));
                }
                case 10 -> {
                    // A duplicate key: Jackson keeps the last by default; the answer must be clean either way.
                    mustRefuse = false;
                    jsonBody(valid.length() > 2 ? valid.substring(0, valid.length() - 1) + "," + valid.substring(1) : valid);
                }
                default -> jsonBody("{\"a\":" + "1".repeat(pick(List.of(1_001, 20_000, 400_000))) + "}");
            }
        }

        void deepNesting() {
            int depth = pick(List.of(600, 1_100, 5_000, 50_000, 200_000));
            boolean arrays = random.nextBoolean();
            String open = arrays ? "[" : "{\"a\":";
            String close = arrays ? "]" : "}";
            String nested = open.repeat(depth) + (arrays ? "" : "1") + close.repeat(depth);
            Field f = random.nextBoolean() ? pickField(x -> ApiDescription.type(x.schema()) != null) : null;
            jsonBody(f == null ? nested : nest(f.steps(), nested));
        }

        void wrongTopLevel() {
            field = null;
            jsonBody(pick(List.of("[]", "[{}]", "\"a string\"", "42", "-0.5", "true", "null", "[null]", "\"\"")));
        }

        void contentType() {
            body = pick(List.of("{}", "title=x&name=y", "<task><title>x</title></task>", "x")).getBytes(StandardCharsets.UTF_8);
            String type = pick(List.of("text/plain", "application/xml", "text/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=xyz", "text/html", "application/octet-stream", "image/png", "garbage",
                    "application/", "/json", ";;", "application/json/extra", "*/*", "application/*", "\u00ffjson",
                    "application/x-ndjson", ""));
            String base = type.contains(";") ? type.substring(0, type.indexOf(';')) : type;
            boolean declared = !base.isEmpty() && operation.bodyMediaTypes().stream().anyMatch(m -> m.startsWith(base));
            if (declared) {
                // The operation reads this type (a form post): not a wrong type for it.
                target = SCRATCH;
                mustRefuse = false;
            }
            if (random.nextInt(6) != 0) {
                headers.add("Content-Type: " + type);
            }
            if ("*/*".equals(type) || "application/*".equals(type)) {
                // A wildcard is not a content type; whether a server refuses it or reads JSON, it must stay clean.
                target = SCRATCH;
                mustRefuse = false;
            }
        }

        void jsonCharset() {
            target = SCRATCH;
            mustRefuse = false;
            Field f = pickField(x -> "string".equals(ApiDescription.type(x.schema())));
            body = (f == null ? "{}" : nest(f.steps(), sample(f.schema()))).getBytes(StandardCharsets.UTF_8);
            headers.add("Content-Type: " + pick(List.of("application/json; charset=utf-16", "application/json; charset=bogus",
                    "application/json; charset=", "application/json; charset=\"utf-8", "APPLICATION/JSON",
                    "application/json; charset=utf-32le", "application/json; charset=ISO-8859-1",
                    "application/json;;;", "application/json; q=x", "application/json; charset=\u00ff",
                    "application/json, text/plain", "application/json; charset=x".repeat(200))));
        }

        void badPath() {
            List<Param> params = operation.pathParams();
            Param bad = pick(params);
            String garbage = switch (random.nextInt(8)) {
                case 0 -> "a".repeat(pick(List.of(37, 300, 5_000, 9_000)));
                case 1 -> "%" + "FF".repeat(1 + random.nextInt(50)).replaceAll("(..)", "%$1").substring(1);
                case 2 -> operation.mutating() ? pick(BAD_IDS) : pick(List.of("%2e%2e", "%2E", ".%2e", "%2e%2e%2f%2e%2e"));
                default -> pick(BAD_IDS);
            };
            String p = operation.path();
            for (Param param : params) {
                p = p.replace("{" + param.name() + "}", param == bad ? garbage
                        : identity().ids().getOrDefault(param.name(), UUID.randomUUID().toString()));
            }
            path = p;
            if (operation.hasJsonBody()) {
                jsonBody("{}");
            }
        }

        void badQuery() {
            List<Param> declared = operation.queryParams();
            Param param = declared.isEmpty() ? null : pick(declared);
            String name = param == null ? pick(List.of("page", "x", "q")) : param.name();
            int variant = random.nextInt(9);
            if (variant == 0 && param != null && wrongQueryValue(param) != null) {
                field = name;
                query = "?" + name + "=" + wrongQueryValue(param);
                return;
            }
            if (variant == 0) {
                variant = 1;
            }
            switch (variant) {
                case 1, 2 -> query = "?" + name + "=" + pick(List.of("%ZZ", "%FF", "%C0%AF", "%E2%82", "%ED%A0%80",
                        "%", "a%", "%F0%9F%98", "%FF%FE%FD", "%u0041", "%%", "%G0", "%0"));
                case 3 -> query = "?" + pick(List.of("%FF", "%ZZ", "%C0%AF", "a%")) + "=1";
                case 4 -> {
                    mustRefuse = false;
                    query = "?" + name + "=1&" + name + "=2&" + name + "=" + pick(List.of("abc", "", "%20", "-1"));
                }
                case 5 -> {
                    mustRefuse = false;
                    query = "?" + name + "=" + "q".repeat(pick(List.of(1_000, 6_000, 20_000, 70_000)));
                }
                case 6 -> {
                    mustRefuse = false;
                    query = pick(List.of("?", "?&&&", "?=", "?=1", "?a=b=c", "?%00=1", "?a[]=1&a[b]=2", "?;", "?#frag",
                            "?" + "x=1&".repeat(pick(List.of(200, 1_500, 12_000))), "?" + name + "=" + "%20".repeat(500),
                            "?" + name));
                }
                case 7 -> query = "?" + name + "=" + pick(List.of("\u00ff", "a b", "a\tb", "\u007f", "\u0080", "a\"b",
                        "<x>", "a{b}", "a|b", "a\\b", "a^b", "`"));
                default -> {
                    mustRefuse = false;
                    query = "?" + name + "=" + pick(List.of("-1", "0", "2147483648", "99999999999999999999", "1e3", "0x10",
                            "%2D1", "%ED%9F%BF", "%EF%BF%BF", "%00", "%0D%0AX-Injected:%201", "%F0%9F%98%80",
                            "2026-01-01T00:00:00Z", "null", "undefined", "[]", "{}", "%5B%5D"));
                }
            }
            if (variant == 7) {
                // Raw bytes that HTTP forbids in a request line: refused by the server before anything reads them.
                mustRefuse = true;
            }
        }

        String wrongQueryValue(Param param) {
            JsonNode schema = param.schema();
            String type = ApiDescription.type(schema);
            if (schema.has("enum")) {
                return pick(List.of("bogus", "%E2%80%AE", "x%20y"));
            }
            String format = schema.path("format").asString("");
            if (format.equals("uuid")) {
                return pick(List.of("not-a-uuid", "123", "g%2D1"));
            }
            if (format.equals("date-time")) {
                return pick(List.of("yesterday", "2026-13-45T99:99:99Z", "1%2F2"));
            }
            if ("integer".equals(type) || "number".equals(type)) {
                return pick(List.of("abc", "1.5", "99999999999999999999", "1e400", "%E2%80%AE", "NaN", "--1"));
            }
            if ("boolean".equals(type)) {
                // Spring reads yes/no, on/off and 1/0 as booleans too: these are none of them.
                return pick(List.of("maybe", "2", "truthy"));
            }
            return null;
        }

        void badHeader() {
            mustRefuse = false;
            switch (random.nextInt(7)) {
                case 0 -> headers.add("Accept: " + pick(List.of("application/", "*/*;q=x", "text/html", "application/xml",
                        "application/x-ndjson", "image/png", ";;;", "application/json;q=0", "\u00ff/\u00ff", "a/b/c")));
                case 1 -> headers.add("X-Correlation-Id: " + pick(List.of("x".repeat(5_000), "\u00ff\u00fe",
                        "<script>", "a b c", "%0D%0AX-Injected: 1", "")));
                case 2 -> headers.add("If-None-Match: " + pick(List.of("\"", "W/", "garbage", "*")));
                case 3 -> {
                    mustRefuse = true;
                    headers.add(pick(List.of("Content-Length: abc", "Content-Length: -1", "Content-Length: 1, 2",
                            "Transfer-Encoding: chunked, chunked", "Host: a", "X: a\rb", "Bad Header: x", ": x",
                            "X-\u00ff: y")));
                }
                case 4 -> headers.add("Accept-Language: " + pick(List.of("zz-ZZZZ-bogus", "*;q=2", "\u00ff")));
                case 5 -> headers.add("Cookie: JSESSIONID=" + "a".repeat(4_000));
                default -> headers.add("Range: " + pick(List.of("bytes=0-0", "bytes=x", "lines=1-2")));
            }
        }

        void badToken() {
            tokenSet = true;
            String token = pick(world.badTokens);
            switch (random.nextInt(8)) {
                case 0 -> { }
                case 1 -> headers.add("Authorization: " + pick(List.of("Bearer", "Bearer ", "Bearer  ", "Basic Zm9vOmJhcg==",
                        "Digest x", "Bearer a b", "Bearer \u00e9\u00ff", "Token " + world.seeded.token().substring(0, 20),
                        "Bearer =", "Bearer " + "%FF")));
                default -> headers.add("Authorization: Bearer " + token);
            }
            if (operation.hasJsonBody()) {
                jsonBody("{}");
            }
        }

        void badMethod() {
            mustRefuse = false;
            method = pick(List.of("PATCH", "TRACE", "OPTIONS", "FOO", "get", "PROPFIND", "CONNECT", "G\u00ffT", "HEAD"));
            if (method.equals("HEAD") || method.equals("OPTIONS")) {
                // Answered without a body (HEAD) or as CORS/allow (OPTIONS): only the status rule applies.
                method = method.equals("HEAD") && operation.mutating() ? "PATCH" : method;
            }
        }

        byte[] bytes() {
            FuzzWorld.Identity who = identity();
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(path).append(query).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(host).append("\r\n");
            if (!tokenSet && operation.secured()) {
                head.append("Authorization: Bearer ").append(who.token()).append("\r\n");
            }
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (body != null && chunked) {
                head.append("Transfer-Encoding: chunked\r\n\r\n");
                out.writeBytes(FuzzCase.latin1(head.toString()));
                for (int i = 0; i < body.length; i += 65_536) {
                    int n = Math.min(65_536, body.length - i);
                    out.writeBytes(FuzzCase.latin1(Integer.toHexString(n) + "\r\n"));
                    out.write(body, i, n);
                    out.writeBytes(FuzzCase.latin1("\r\n"));
                }
                out.writeBytes(FuzzCase.latin1("0\r\n\r\n"));
                return out.toByteArray();
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            out.writeBytes(FuzzCase.latin1(head.toString()));
            if (body != null) {
                out.writeBytes(body);
            }
            return out.toByteArray();
        }

        List<String> wrongValues(JsonNode schema) {
            String type = ApiDescription.type(schema);
            String format = schema.path("format").asString("");
            List<String> values = new ArrayList<>(List.of("[]", "{}", "[1,2]", "{\"a\":\"b\"}"));
            switch (type) {
                case "string" -> {
                    values.addAll(List.of("12", "-1.5", "true", "false", "[\"a\"]", "1e400"));
                    if (format.equals("uuid")) {
                        values.addAll(List.of("\"not-a-uuid\"", "\"\"", "\"123\"", "\"zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz\""));
                    } else if (format.equals("date-time")) {
                        values.addAll(List.of("\"yesterday\"", "\"2026-13-45T99:99:99Z\"", "\"\""));
                    }
                }
                case "integer" -> values.addAll(List.of("\"abc\"", "\"\"", "true", "1.5", "99999999999999999999999",
                        "1e400", "-9223372036854775809"));
                case "number" -> values.addAll(List.of("\"abc\"", "true", "\"\""));
                case "boolean" -> values.addAll(List.of("\"yes\"", "\"true\"", "1", "0", "\"\"", "2.5"));
                case "array" -> values = new ArrayList<>(List.of("\"x\"", "{}", "5", "true", "{\"0\":1}"));
                case "object" -> values = new ArrayList<>(List.of("\"x\"", "[]", "5", "true", "[{}]"));
                default -> { }
            }
            return values;
        }
    }

    /**
     * A JSON text with {@code value} (raw JSON) at the end of {@code steps}, where each object on the way also has
     * its other required fields, with plausible values: the value under test is then the body's only fault.
     */
    static String nest(JsonNode schema, List<Object> steps, int at, String value) {
        if (at == steps.size()) {
            return value;
        }
        Object step = steps.get(at);
        if (step instanceof Integer) {
            return "[" + nest(schema == null ? null : schema.get("items"), steps, at + 1, value) + "]";
        }
        JsonNode properties = schema == null ? null : schema.get("properties");
        StringBuilder object = new StringBuilder("{");
        if (schema != null && properties != null) {
            for (JsonNode required : schema.path("required")) {
                String name = required.asString();
                if (!name.equals(step) && properties.has(name)) {
                    object.append(JSON.writeValueAsString(name)).append(':').append(sample(properties.get(name))).append(',');
                }
            }
        }
        object.append(JSON.writeValueAsString(step)).append(':')
                .append(nest(properties == null ? null : properties.get((String) step), steps, at + 1, value));
        return object.append('}').toString();
    }

    /** A plausible valid value of the schema, as JSON text. */
    static String sample(JsonNode schema) {
        if (schema == null) {
            return "{}";
        }
        if (schema.has("enum")) {
            return JSON.writeValueAsString(schema.get("enum").get(0));
        }
        String type = ApiDescription.type(schema);
        if (type == null) {
            return "{}";
        }
        String format = schema.path("format").asString("");
        return switch (type) {
            case "string" -> switch (format) {
                case "uuid" -> "\"" + UUID.randomUUID() + "\"";
                case "date-time" -> "\"2030-01-01T00:00:00Z\"";
                case "email" -> "\"fuzz-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test\"";
                default -> schema.has("pattern") ? "\"#123456\"" : "\"fuzz sample\"";
            };
            // The smallest the description allows (a description revision starts at 0), else 1.
            case "integer", "number" -> schema.has("minimum") ? schema.get("minimum").asString() : "1";
            case "boolean" -> "false";
            case "array" -> "[]";
            default -> "{}";
        };
    }

    private static byte[] concat(byte[] a, int at, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, at);
        System.arraycopy(b, 0, out, at, b.length);
        System.arraycopy(a, at, out, at + b.length, a.length - at);
        return out;
    }

    /** Raw bytes inside the body's first string value (or a new one), where a JSON parser must decode them. */
    private static byte[] insertIntoString(String json, byte[] raw) {
        int quote = json.indexOf("\":\"");
        String text = quote < 0 ? "{\"a\":\"x\"}" : json;
        int at = quote < 0 ? text.indexOf(":\"") + 2 : quote + 3;
        return concat(text.getBytes(StandardCharsets.UTF_8), at, raw);
    }
}
