package io.tandem.app.web.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The committed snapshot of the API description, {@code clients/typescript/openapi.json}, is what the live server
 * serves at {@code /v3/api-docs}: the TypeScript SDK's types are generated from it and Spectral lints it, so a change
 * to a controller that is not reflected there fails here. {@code -Dtandem.openapi.write=true} rewrites the snapshot.
 */
class OpenApiSnapshotTest extends ApiTestBase {

    static final Path SNAPSHOT = Path.of("..", "clients", "typescript", "openapi.json");
    static final String REFRESH = "./mvnw -B -o verify -pl app -am -Dtest=OpenApiSnapshotTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dtandem.openapi.write=true, then `npm run generate` in "
            + "clients/typescript (and fix what `npm run typecheck` reports there)";

    private static final ObjectMapper PRETTY = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    @Test
    void theSnapshotIsTheLiveDescription() throws IOException {
        ApiClient.Response r = api.get("/v3/api-docs", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String live = render(r.json());
        // springdoc's order is stable with writer-with-order-by-keys; a second fetch must answer the same text.
        assertThat(render(api.get("/v3/api-docs", null).json())).as("the description is deterministic").isEqualTo(live);

        if (Boolean.getBoolean("tandem.openapi.write")) {
            Files.writeString(SNAPSHOT, live, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(SNAPSHOT) ? Files.readString(SNAPSHOT, StandardCharsets.UTF_8) : "";
        // Not isEqualTo on the whole text: the failure would print both 600 kB versions.
        assertThat(committed.equals(live))
                .as("%s is stale: the server's /v3/api-docs differs from it, first at %s%nRefresh it with:%n  %s%n",
                        SNAPSHOT.toAbsolutePath().normalize(), firstDifference(committed, live), REFRESH)
                .isTrue();
    }

    private static String firstDifference(String committed, String live) {
        String[] was = committed.split("\n", -1);
        String[] is = live.split("\n", -1);
        int line = 0;
        while (line < was.length && line < is.length && was[line].equals(is[line])) {
            line++;
        }
        return String.format("line %d:%n  snapshot: %s%n  live:     %s", line + 1,
                line < was.length ? was[line].strip() : "(end of file)", line < is.length ? is[line].strip() : "(end)");
    }

    /** Pretty-printed with every object's keys sorted, so the file diffs well whatever order the server writes. */
    static String render(JsonNode description) {
        return PRETTY.writeValueAsString(sorted(description)) + "\n";
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                fields.put(field.getKey(), sorted(field.getValue()));
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }
}
