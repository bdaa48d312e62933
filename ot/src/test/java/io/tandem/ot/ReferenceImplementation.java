package io.tandem.ot;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * The npm package {@code ot-text-unicode}, pinned in {@code src/test/node/package-lock.json}, run by Node.js in
 * one long-lived process that answers batches of cases as JSON lines.
 */
final class ReferenceImplementation implements AutoCloseable {

    private static final Path SOURCE = Path.of("src", "test", "node");
    private static final Path HOME = Path.of("target", "ot-reference");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "reference.js");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process node;
    private final BufferedWriter requests;
    private final BufferedReader answers;

    private ReferenceImplementation(Process node) {
        this.node = node;
        this.requests = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8));
        this.answers = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    }

    static ReferenceImplementation start() throws IOException, InterruptedException {
        Path home = HOME.toAbsolutePath();
        Files.createDirectories(home);
        for (String file : FILES) {
            Files.copy(SOURCE.resolve(file), home.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        installFromLock(home);
        Process node = new ProcessBuilder("node", "reference.js")
                .directory(home.toFile())
                .redirectError(home.resolve("reference-stderr.log").toFile())
                .start();
        return new ReferenceImplementation(node);
    }

    /** Runs {@code npm ci} unless node_modules already holds what the lock file pins. */
    private static void installFromLock(Path home) throws IOException, InterruptedException {
        Path marker = home.resolve("node_modules").resolve(".installed-from-package-lock.json");
        String lock = Files.readString(home.resolve("package-lock.json"));
        if (Files.exists(marker) && Files.readString(marker).equals(lock)) {
            return;
        }
        Path log = home.resolve("npm-ci.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!npm.waitFor(180, TimeUnit.SECONDS)) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci took over 180 s; see " + log);
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci failed (" + npm.exitValue() + "): " + Files.readString(log));
        }
        Files.writeString(marker, lock);
    }

    /** The reference's answers to {@code cases}, in order: each a map with {@code ok} or {@code error}. */
    List<Map<String, Object>> answer(List<Map<String, Object>> cases) throws IOException {
        requests.write(JSON.writeValueAsString(cases));
        requests.write('\n');
        requests.flush();
        String line = answers.readLine();
        if (line == null) {
            throw new IllegalStateException("the reference implementation stopped: "
                    + Files.readString(HOME.resolve("reference-stderr.log")));
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> result = JSON.readValue(line, List.class);
        if (result.size() != cases.size()) {
            throw new IllegalStateException(cases.size() + " cases, " + result.size() + " answers");
        }
        return result;
    }

    static String json(Object tree) {
        return JSON.writeValueAsString(tree);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            requests.close();
        } catch (IOException e) {
            // The process is ended below all the same.
        }
        if (!node.waitFor(10, TimeUnit.SECONDS)) {
            node.destroyForcibly();
        }
    }
}
