package io.tandem.app.web.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code tandem.pwa.dir} set, the directory's build is the app at /app/, without a token: its files, its shell
 * for the app's own routes, cache headers that let a new build and service worker reach users, and a content
 * policy of its own, while the API keeps its.
 */
class PwaShellTest extends ApiTestBase {

    static final String INDEX = "<!doctype html><title>Tandem test shell</title><script type=module src=/app/assets/app-1a2b.js></script>";
    static final String SCRIPT = "console.log('hashed asset')";
    static final String WORKER = "self.addEventListener('fetch', () => {})";
    static Path outside;

    @DynamicPropertySource
    static void pwaDirectory(DynamicPropertyRegistry registry) {
        try {
            Path root = Files.createTempDirectory("tandem-pwa-test");
            outside = Files.writeString(root.resolve("secret.txt"), "not part of the app");
            Path dist = Files.createDirectories(root.resolve("dist"));
            Files.writeString(dist.resolve("index.html"), INDEX);
            Files.writeString(dist.resolve("sw.js"), WORKER);
            Files.writeString(dist.resolve("manifest.webmanifest"), "{\"name\":\"Tandem\",\"start_url\":\"/app/\"}");
            Files.writeString(Files.createDirectories(dist.resolve("assets")).resolve("app-1a2b.js"), SCRIPT);
            registry.add("tandem.pwa.dir", dist::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theShellIsServedAtAppWithoutATokenAndRevalidatedOnEveryLoad() {
        ApiClient.Response r = api.get("/app/", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo(INDEX);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(r.header("Content-Security-Policy")).startsWith("default-src 'self'").doesNotContain("default-src 'none'");
    }

    @Test
    void theAppsOwnRoutesGetTheShell() {
        ApiClient.Response r = api.get("/app/workspaces/0b6e3c1a-6f1e-4b54-9b8c-3d8a1c2f9e10/board", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo(INDEX);
    }

    @Test
    void hashedAssetsAreCachedForAYear() {
        ApiClient.Response r = api.get("/app/assets/app-1a2b.js", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo(SCRIPT);
        assertThat(r.header("Content-Type")).contains("javascript");
        assertThat(r.header("Cache-Control")).contains("max-age=31536000", "immutable");
    }

    @Test
    void theServiceWorkerAndTheManifestAreRevalidatedOnEveryLoad() {
        ApiClient.Response worker = api.get("/app/sw.js", null);
        ApiClient.Response manifest = api.get("/app/manifest.webmanifest", null);

        assertThat(worker.status()).isEqualTo(200);
        assertThat(worker.text()).isEqualTo(WORKER);
        assertThat(worker.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(manifest.status()).isEqualTo(200);
        assertThat(manifest.header("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void aMissingFileIsNotFoundRatherThanTheShell() {
        assertThat(api.get("/app/assets/gone-9z9z.js", null).status()).isEqualTo(404);
        assertThat(api.get("/app/favicon.ico", null).status()).isEqualTo(404);
    }

    @Test
    void nothingOutsideTheDirectoryIsServed() {
        for (String path : new String[] {"/app/..%2Fsecret.txt", "/app/%2e%2e/secret.txt", "/app/assets/..%2F..%2Fsecret.txt"}) {
            ApiClient.Response r = api.get(path, null);
            assertThat(r.text()).as(path).doesNotContain("not part of the app");
            assertThat(r.status()).as(path).isIn(400, 404);
        }
        assertThat(outside).exists();
    }

    @Test
    void appWithoutTheSlashRedirectsToTheShell() {
        ApiClient.Response r = api.get("/app", null);

        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).endsWith("/app/");
    }

    @Test
    void theApiKeepsItsOwnContentPolicy() {
        ApiClient.Response r = api.get("/health", null);

        assertThat(r.header("Content-Security-Policy")).startsWith("default-src 'none'");
    }
}
