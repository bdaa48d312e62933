package io.tandem.app.local;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the app's servers from environment variables before Spring starts, so that {@code scripts/run} works on
 * a machine that has none of them. Does nothing unless {@code TANDEM_START_DEPENDENCIES=true}.
 *
 * <p>Reads {@code DATABASE_URL} ({@code jdbc:postgresql://…} or {@code postgres://user[:password]@host[:port]/db}),
 * {@code DATABASE_USERNAME}, {@code DATABASE_PASSWORD}, {@code REDIS_URL}, {@code ELASTICSEARCH_URL},
 * {@code TANDEM_DATA_DIR}, {@code TANDEM_ELASTICSEARCH_DIST} and {@code SMTP_URL} (unset: a local SMTP server whose
 * mails land in {@code $TANDEM_DATA_DIR/mail}), and hands the result to Spring as system properties.
 */
public final class LocalDependenciesBootstrap {

    private static final Logger log = LoggerFactory.getLogger(LocalDependenciesBootstrap.class);

    private static final String DEFAULT_DATABASE_URL = "jdbc:postgresql://127.0.0.1:5432/tandem";
    private static final String DEFAULT_DISTRIBUTION = "app/target/elasticsearch/elasticsearch.zip";

    private LocalDependenciesBootstrap() {
    }

    /**
     * Call first thing in {@code main}. The servers it starts are stopped by a JVM shutdown hook.
     *
     * @return the running dependencies, or empty when not requested
     */
    public static Optional<LocalDependencies> startIfRequested() {
        return startIfRequested(System.getenv(), Path.of("").toAbsolutePath());
    }

    static Optional<LocalDependencies> startIfRequested(Map<String, String> env, Path workingDirectory) {
        if (!"true".equalsIgnoreCase(env.get("TANDEM_START_DEPENDENCIES"))) {
            return Optional.empty();
        }
        LocalDependencies dependencies;
        try {
            dependencies = LocalDependencies.start(settings(env, workingDirectory));
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("TANDEM_START_DEPENDENCIES=true, but this build leaves out the local "
                    + "servers (the container image does; " + e.getMessage() + " is missing): set DATABASE_URL, "
                    + "REDIS_URL, ELASTICSEARCH_URL and SMTP_URL to running ones and unset TANDEM_START_DEPENDENCIES", e);
        }
        LocalDependencies.Connections connections = dependencies.connections();
        report(connections, LocalDependencies.Dependency.POSTGRESQL, connections.jdbcUrl());
        report(connections, LocalDependencies.Dependency.REDIS, connections.redisUrl());
        report(connections, LocalDependencies.Dependency.ELASTICSEARCH, connections.elasticsearchUrl());
        connections.springProperties().forEach(System::setProperty);
        // The events in a database of their own (TANDEM_EVENT_STORE_URL): created like the main one when missing.
        String eventStore = env.get("TANDEM_EVENT_STORE_URL");
        if (eventStore != null && !eventStore.isBlank()) {
            PostgresTarget.parse(eventStore).ensureDatabase(
                    firstNonBlank(env.get("TANDEM_EVENT_STORE_USERNAME"), connections.username()),
                    firstNonBlank(env.get("TANDEM_EVENT_STORE_PASSWORD"), connections.password()), false);
            log.info("Events are kept in a database of their own: {}", eventStore);
        }
        if (firstNonBlank(env.get("SMTP_URL"), env.get("SPRING_MAIL_HOST")).isEmpty()) {
            localMail(workingDirectory.resolve(env.getOrDefault("TANDEM_DATA_DIR", ".data")).resolve("mail"))
                    .forEach(System::setProperty);
        }
        return Optional.of(dependencies);
    }

    /**
     * Without {@code SMTP_URL}, mails go to an SMTP server on 127.0.0.1:3025: the one another local replica started,
     * or one started here that writes every mail into {@code folder}.
     */
    static Map<String, String> localMail(Path folder) {
        Endpoint smtp = new Endpoint(LocalMail.HOST, LocalMail.PORT);
        if (smtp.reachable()) {
            log.info("SMTP: reusing {}:{} (SMTP_URL is unset); a local Tandem that started it writes mails into {}",
                    LocalMail.HOST, LocalMail.PORT, folder.toAbsolutePath().normalize());
        } else {
            try {
                LocalMail.StartedMailServer server = LocalMail.start(LocalMail.PORT, folder);
                Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "local-mail-shutdown"));
                log.info("SMTP: started locally at {}:{} (SMTP_URL is unset); every mail is written as an .eml file "
                        + "into {}", LocalMail.HOST, server.port(), folder.toAbsolutePath().normalize());
            } catch (IOException | RuntimeException e) {
                log.warn("SMTP: could not start a local mail server ({}); mails are not sent", e.toString());
                return Map.of();
            }
        }
        return Map.of("spring.mail.host", LocalMail.HOST, "spring.mail.port", String.valueOf(LocalMail.PORT));
    }

    static LocalDependencies.Settings settings(Map<String, String> env, Path workingDirectory) {
        Database database = database(env.getOrDefault("DATABASE_URL", DEFAULT_DATABASE_URL));
        // An explicit variable is more specific than credentials embedded in a URL.
        String username = firstNonBlank(env.get("DATABASE_USERNAME"), database.username(), "postgres");
        String password = firstNonBlank(env.get("DATABASE_PASSWORD"), database.password(), "");
        return new LocalDependencies.Settings(
                database.jdbcUrl(),
                username,
                password,
                env.getOrDefault("REDIS_URL", "redis://127.0.0.1:6379"),
                env.getOrDefault("ELASTICSEARCH_URL", "http://127.0.0.1:9200"),
                workingDirectory.resolve(env.getOrDefault("TANDEM_DATA_DIR", ".data")),
                distribution(env, workingDirectory),
                false);
    }

    record Database(String jdbcUrl, String username, String password) {
    }

    /** Accepts a JDBC URL as is, and turns the {@code postgres://} form that hosting platforms hand out into one. */
    static Database database(String url) {
        if (url.startsWith("jdbc:")) {
            return new Database(url, null, null);
        }
        URI uri = URI.create(url);
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
            throw new IllegalArgumentException("DATABASE_URL must be jdbc:postgresql://… or postgres://…, was: " + url);
        }
        String username = null;
        String password = null;
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            username = parts[0];
            password = parts.length > 1 ? parts[1] : null;
        }
        String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Database(jdbcUrl, username, password);
    }

    /**
     * The configured zip, else the one the build leaves in app/target, else the one beside the running jar
     * (the build keeps it in app/target/elasticsearch, next to the jar).
     */
    private static Path distribution(Map<String, String> env, Path workingDirectory) {
        String configured = env.get("TANDEM_ELASTICSEARCH_DIST");
        if (configured != null && !configured.isBlank()) {
            return workingDirectory.resolve(configured);
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(workingDirectory.resolve(DEFAULT_DISTRIBUTION));
        runningJarDirectory().ifPresent(dir -> candidates.add(dir.resolve("elasticsearch/elasticsearch.zip")));
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(candidates.get(0));
    }

    private static Optional<Path> runningJarDirectory() {
        // With java -jar the class path is exactly the jar, which is simpler than decoding Boot's nested-jar URLs.
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            return Optional.ofNullable(Path.of(classPath).toAbsolutePath().getParent());
        }
        return Optional.empty();
    }

    private static void report(LocalDependencies.Connections connections, LocalDependencies.Dependency dependency,
                               String url) {
        boolean started = connections.started().contains(dependency);
        log.info("{}: {} {}", dependency, started ? "started locally at" : "reusing", withoutCredentials(url));
    }

    private static String withoutCredentials(String url) {
        return url.replaceAll("//[^/@]*@", "//");
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return "";
    }
}
