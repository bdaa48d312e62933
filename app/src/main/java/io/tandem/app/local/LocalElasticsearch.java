package io.tandem.app.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elasticsearch from its server zip, unpacked once per version and run as a single loopback node. Elasticsearch
 * refuses to run as root, so under root it runs as the system account {@value #ACCOUNT}.
 */
final class LocalElasticsearch {

    static final String ACCOUNT = "tandem-es";

    private static final Logger log = LoggerFactory.getLogger(LocalElasticsearch.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 40;

    private LocalElasticsearch() {
    }

    static StartedServer start(String url, int port, Path distributionZip, Path home) throws IOException {
        if (!Files.isRegularFile(distributionZip)) {
            throw new IllegalStateException("Elasticsearch is not reachable at " + url + " and its distribution "
                    + distributionZip + " is missing: build the app module (./mvnw -pl app -am package) or set"
                    + " TANDEM_ELASTICSEARCH_DIST to the zip");
        }
        Path distribution = unpackOnce(distributionZip, home);
        Path data = Files.createDirectories(home.resolve("data"));
        Path logs = Files.createDirectories(home.resolve("logs"));
        Path consoleLog = home.resolve("console.log");

        List<String> command = new ArrayList<>(List.of(distribution.resolve("bin/elasticsearch").toString(),
                "-E", "discovery.type=single-node",
                "-E", "http.host=127.0.0.1",
                "-E", "transport.host=127.0.0.1",
                "-E", "http.port=" + port,
                "-E", "path.data=" + data,
                "-E", "path.logs=" + logs,
                "-E", "cluster.name=tandem-local"));
        if (Files.isDirectory(distribution.resolve("modules/x-pack-security"))) {
            // With the security module present, a first start turns on TLS and passwords by itself; plain HTTP
            // on loopback is what the app expects. Without the module the setting is unknown and fatal.
            command.addAll(List.of("-E", "xpack.security.enabled=false"));
        }
        if (OperatingSystem.runningAsRoot()) {
            OperatingSystem.ensureAccount(ACCOUNT);
            OperatingSystem.requireReachableBy(ACCOUNT, home);
            // The config directory is inside the distribution and must be writable: the keystore is created there.
            OperatingSystem.chown(ACCOUNT, distribution, data, logs);
            command = OperatingSystem.asAccount(ACCOUNT, command);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()));
        builder.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");

        Instant begin = Instant.now();
        Process process = builder.start();
        Server server = new Server(process);
        try {
            awaitHealthy(url, process, consoleLog);
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        log.info("Elasticsearch answered at {} after {} s", url, Duration.between(begin, Instant.now()).toSeconds());
        return server;
    }

    private static Path unpackOnce(Path zip, Path home) throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            String root = topDirectory(archive, zip);
            String version = root.substring("elasticsearch-".length());
            Path target = home.resolve("dist-" + version);
            if (Files.isRegularFile(target.resolve("bin/elasticsearch"))) {
                return target;
            }
            Files.createDirectories(home);
            Path staging = home.resolve(".unpacking-" + UUID.randomUUID());
            Enumeration<? extends ZipEntry> entries = archive.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String relative = entry.getName().substring(root.length());
                Path path = staging.resolve(relative.startsWith("/") ? relative.substring(1) : relative).normalize();
                if (!path.startsWith(staging)) {
                    throw new IllegalStateException("Archive entry escapes its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, path);
                }
                // java.util.zip drops the Unix modes; the launch scripts are the only files that need one.
                if (relative.startsWith("/bin/")) {
                    path.toFile().setExecutable(true, false);
                }
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                LocalPostgres.deleteRecursively(staging); // unpacked concurrently by another process
            }
            return target;
        }
    }

    private static String topDirectory(ZipFile archive, Path zip) {
        String first = archive.stream().findFirst().map(ZipEntry::getName).orElse("");
        int slash = first.indexOf('/');
        String root = slash < 0 ? first : first.substring(0, slash);
        if (!root.startsWith("elasticsearch-")) {
            throw new IllegalStateException(zip + " does not look like an Elasticsearch distribution: " + first);
        }
        return root;
    }

    private static void awaitHealthy(String url, Process process, Path consoleLog) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(
                        URI.create(stripTrailingSlash(url) + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(5))
                .build();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited with " + process.exitValue()
                        + " before it answered; end of " + consoleLog + ":\n" + tail(consoleLog));
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // expected until the HTTP port opens
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Elasticsearch", e);
            }
            pause();
        }
        throw new IllegalStateException("Elasticsearch did not report yellow health at " + url + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s; end of " + consoleLog + ":\n" + tail(consoleLog));
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Elasticsearch", e);
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(could not read: " + e.getMessage() + ")";
        }
    }

    /** The launcher (runuser, or the start script) and everything below it: the CLI JVM and the server JVM. */
    private record Server(Process process) implements StartedServer {

        @Override
        public LocalDependencies.Dependency dependency() {
            return LocalDependencies.Dependency.ELASTICSEARCH;
        }

        @Override
        public void stop() {
            // Collect the tree before signalling: once a parent exits its children are no longer its descendants.
            List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
            tree.forEach(ProcessHandle::destroy);
            if (!awaitExit(tree, STOP_TIMEOUT)) {
                tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
                awaitExit(tree, Duration.ofSeconds(10));
            }
        }

        private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
            CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                return processes.stream().noneMatch(ProcessHandle::isAlive);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
