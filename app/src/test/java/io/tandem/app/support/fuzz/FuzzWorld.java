package io.tandem.app.support.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.tandem.app.support.ApiClient;
import org.awaitility.Awaitility;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The data the fuzzer works against. The <em>seeded</em> workspace (an owner, a member, categories, tasks) only
 * ever receives requests that must be refused, so that its state after the run must equal its state before: any
 * difference is bad input that was accepted. The <em>scratch</em> workspace, of another account, receives the
 * requests that may legitimately succeed (odd but valid strings), so it may change.
 */
public final class FuzzWorld {

    /** An account, its token, and the ids a path parameter of that name takes for it. */
    public record Identity(String name, UUID userId, String email, String token, Map<String, String> ids) {
    }

    public final Identity seeded;
    public final Identity scratch;
    /** Tokens that must never authenticate: garbage, malformed, unsigned, foreign-signed, expired. */
    public final List<String> badTokens;

    private FuzzWorld(Identity seeded, Identity scratch, List<String> badTokens) {
        this.seeded = seeded;
        this.scratch = scratch;
        this.badTokens = badTokens;
    }

    /**
     * Seeds both workspaces through the API. {@code encoder}, when given, is the application's own token encoder,
     * used to sign an expired token of the seeded owner (a token that is genuine but past its time).
     */
    public static FuzzWorld seed(ApiClient api, JwtEncoder encoder) {
        Identity seeded = workspace(api, "seeded", true);
        Identity scratch = workspace(api, "scratch", false);
        return new FuzzWorld(seeded, scratch, badTokens(seeded, encoder));
    }

    private static Identity workspace(ApiClient api, String name, boolean rich) {
        JsonNode owner = register(api, name + " owner");
        JsonNode member = register(api, name + " member");
        String token = owner.get("accessToken").asString();
        String ws = created(api.post("/api/v1/workspaces", Map.of("name", "Fuzz " + name), token), "workspace");
        String base = "/api/v1/workspaces/" + ws;
        String memberEmail = member.get("user").get("email").asString();
        expect(api.post(base + "/invite", Map.of("email", memberEmail, "role", "member"), token), 201, "invite");
        String category = created(api.post(base + "/categories", Map.of("name", "Errands", "color", "#336699"), token),
                "category");
        String task = created(api.post(base + "/tasks", Map.of("title", "Buy milk", "categoryId", category,
                "tags", List.of("home", "shop"), "priority", "high", "dueDate", "2030-01-01T10:00:00Z"), token), "task");
        if (rich) {
            created(api.post(base + "/categories", Map.of("name", "Work", "color", "#aa0000"), token), "category");
            String assigned = created(api.post(base + "/tasks", Map.of("title", "Write report",
                    "description", "Quarterly numbers", "assignedTo", member.get("user").get("id").asString()), token),
                    "task");
            expect(api.post(base + "/tasks/" + assigned + "/complete", null, token), 200, "complete");
            created(api.post(base + "/tasks", Map.of("title", "Water plants", "isRecurring", true, "recurringConfig",
                    Map.of("frequency", "weekly", "interval", 1, "daysOfWeek", List.of("MON"))), token), "task");
        }
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("workspaceId", ws);
        ids.put("taskId", task);
        ids.put("categoryId", category);
        ids.put("userId", member.get("user").get("id").asString());
        // No conflict is held: any id answers 404, which is all a bad-input case needs.
        ids.put("conflictId", UUID.randomUUID().toString());
        return new Identity(name, UUID.fromString(owner.get("user").get("id").asString()),
                owner.get("user").get("email").asString(), token, ids);
    }

    private static JsonNode register(ApiClient api, String name) {
        String email = "fuzz-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        ApiClient.Response r = api.post("/api/v1/auth/register",
                Map.of("email", email, "password", "correct horse battery", "name", name), null);
        expect(r, 201, "register");
        return r.json();
    }

    private static String created(ApiClient.Response r, String what) {
        expect(r, 201, "create " + what);
        return r.json().get("id").asString();
    }

    private static void expect(ApiClient.Response r, int status, String what) {
        if (r.status() != status) {
            throw new IllegalStateException("Seeding failed to " + what + ": " + r);
        }
    }

    /**
     * What the API shows of the seeded data: the owner, the workspace, its members, categories, tasks (each with its
     * ETag), the whole sync log and its status. Server clocks are left out. It waits until two readings agree, since
     * the sync log follows the writes eventually.
     */
    public JsonNode snapshot(ApiClient api) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        AtomicReference<JsonNode> stable = new AtomicReference<>();
        Awaitility.await("a stable reading of the seeded data").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    JsonNode now = read(api);
                    if (now.equals(last.getAndSet(now))) {
                        stable.set(now);
                        return true;
                    }
                    return false;
                });
        return stable.get();
    }

    private JsonNode read(ApiClient api) {
        String token = seeded.token();
        String base = "/api/v1/workspaces/" + seeded.ids().get("workspaceId");
        ObjectNode view = ApiClient.JSON.createObjectNode();
        view.set("me", answer(api.get("/api/v1/auth/me", token)));
        view.set("workspaces", answer(api.get("/api/v1/workspaces?size=200", token)));
        view.set("workspace", answer(api.get(base, token)));
        view.set("members", answer(api.get(base + "/members?size=200", token)));
        view.set("categories", answer(api.get(base + "/categories?size=200", token)));
        ApiClient.Response tasks = api.get(base + "/tasks?size=200", token);
        view.set("tasks", answer(tasks));
        ObjectNode each = view.putObject("task");
        for (JsonNode task : tasks.json().path("items")) {
            ApiClient.Response one = api.get(base + "/tasks/" + task.get("id").asString(), token);
            ObjectNode entry = answer(one);
            entry.put("etag", one.header("etag"));
            each.set(task.get("id").asString(), entry);
        }
        view.set("syncStatus", answer(api.get(base + "/sync/status", token)));
        List<JsonNode> operations = new ArrayList<>();
        String since = null;
        for (int page = 0; page < 100; page++) {
            ApiClient.Response pull = api.get(base + "/sync/pull?limit=500" + (since == null ? "" : "&since=" + since),
                    token);
            if (pull.status() != 200) {
                view.set("syncPull", answer(pull));
                break;
            }
            pull.json().path("operations").forEach(operations::add);
            since = pull.json().path("nextToken").asString();
            if (!pull.json().path("hasMore").asBoolean(false)) {
                break;
            }
        }
        view.putArray("syncOperations").addAll(operations);
        return view;
    }

    private static ObjectNode answer(ApiClient.Response r) {
        ObjectNode node = ApiClient.JSON.createObjectNode();
        node.put("status", r.status());
        JsonNode body = r.text() == null || r.text().isBlank() ? ApiClient.JSON.nullNode() : r.json();
        if (body instanceof ObjectNode object) {
            object.remove("serverTime");
        }
        node.set("body", body);
        return node;
    }

    private static List<String> badTokens(Identity owner, JwtEncoder encoder) {
        String real = owner.token();
        String[] parts = real.split("\\.");
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String none = url.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        List<String> tokens = new ArrayList<>();
        tokens.add("garbage");
        tokens.add("a.b.c");
        tokens.add("...");
        tokens.add("eyJhbGciOiJIUzI1NiJ9");
        tokens.add(none + "." + parts[1] + ".");
        tokens.add(none + "." + parts[1]);
        tokens.add(parts[0] + "." + parts[1] + "." + url.encodeToString(new byte[32]));
        tokens.add(parts[0] + "." + parts[1] + "." + flip(parts[2]));
        tokens.add(real.substring(0, real.length() - 5));
        tokens.add(parts[0] + "." + url.encodeToString("{\"sub\":".getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
        tokens.add(parts[0] + "." + url.encodeToString(claims.replace("\"sub\":\"", "\"sub\":\"x")
                .getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
        tokens.add(hs256(parts[1], "another key of at least thirty-two bytes!".getBytes(StandardCharsets.UTF_8)));
        tokens.add("x".repeat(6000));
        tokens.add(real + real);
        if (encoder != null) {
            tokens.add(expired(encoder, owner));
        }
        return List.copyOf(tokens);
    }

    private static String flip(String signature) {
        char last = signature.charAt(signature.length() - 2);
        return signature.substring(0, signature.length() - 2) + (last == 'A' ? 'B' : 'A')
                + signature.charAt(signature.length() - 1);
    }

    private static String hs256(String payload, byte[] key) {
        try {
            Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
            String signingInput = url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + payload;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return signingInput + "." + url.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The owner's own claims, signed by the application, but issued and expired an hour ago. */
    private static String expired(JwtEncoder encoder, Identity owner) {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
        String[] parts = owner.token().split("\\.");
        JsonNode claims = ApiClient.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        JwtClaimsSet.Builder builder = JwtClaimsSet.builder();
        claims.properties().forEach(claim -> {
            JsonNode value = claim.getValue();
            builder.claim(claim.getKey(), value.isArray()
                    ? ApiClient.JSON.convertValue(value, List.class)
                    : value.isNumber() ? value.numberValue() : value.asString());
        });
        builder.id(UUID.randomUUID().toString()).issuedAt(issued).expiresAt(issued.plus(Duration.ofHours(1)));
        return encoder.encode(JwtEncoderParameters.from(header, builder.build())).getTokenValue();
    }
}
