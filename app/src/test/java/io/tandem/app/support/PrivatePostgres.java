package io.tandem.app.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.security.auth.module.UnixSystem;

/**
 * A PostgreSQL server of one test's own, in a temporary directory on a free port, that the test may crash
 * ({@link #crash()}: an immediate stop, as a killed server) and start again on the same data ({@link #start()}).
 * The suite's shared PostgreSQL is never touched. It uses the PostgreSQL installed on the machine ({@code initdb}
 * and {@code pg_ctl} on the PATH, in /usr/local/bin or /usr/lib/postgresql/<version>/bin); PostgreSQL refuses to run
 * as root, so under root it runs as the system account {@value #ACCOUNT}, as the local dependency starters do.
 *
 * <p>Commits are synchronous and fsynced (the server defaults): a test that checks that acknowledged writes
 * survive a crash must not lose them to the server's own settings.
 */
public final class PrivatePostgres implements AutoCloseable {

    public static final String SUPERUSER = "postgres";
    private static final String ACCOUNT = "tandem-pg";

    private final Path directory;
    private final Path data;
    private final Path binaries;
    private final int port;
    private final boolean asAccount;
    private boolean running;

    private PrivatePostgres(Path directory, Path binaries, int port, boolean asAccount) {
        this.directory = directory;
        this.data = directory.resolve("data");
        this.binaries = binaries;
        this.port = port;
        this.asAccount = asAccount;
    }

    /** Creates a cluster in a new temporary directory and starts it on a free port. */
    public static PrivatePostgres create() {
        try {
            boolean root = new UnixSystem().getUid() == 0;
            Path directory = Files.createTempDirectory("tandem-private-pg-");
            PrivatePostgres postgres = new PrivatePostgres(directory, binaries(), freePort(), root);
            if (root) {
                if (run(List.of("id", "-u", ACCOUNT), false) != 0) {
                    run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ACCOUNT),
                            true);
                }
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
                run(List.of("chown", ACCOUNT, directory.toString()), true);
            }
            postgres.pg(List.of(postgres.binaries.resolve("initdb").toString(), "-A", "trust", "-U", SUPERUSER,
                    "-D", postgres.data.toString(), "-E", "UTF-8", "--locale=C"));
            postgres.start();
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server (again) on its data and port, waiting until it accepts connections. */
    public synchronized void start() {
        pg(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                directory.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c timezone=UTC"
                        + " -c max_connections=100",
                "-w", "-t", "60", "start"));
        running = true;
    }

    /** Stops the server the way a crash does: no checkpoint, connections cut; the next start recovers from WAL. */
    public synchronized void crash() {
        pg(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
        running = false;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates an empty database on this server. */
    public void createDatabase(String database) {
        if (!database.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("Database name must match [a-z0-9_]+: " + database);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "")) {
            c.createStatement().execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + database, e);
        }
    }

    /** Stops the server if it runs and deletes its directory. */
    @Override
    public synchronized void close() {
        try {
            if (running) {
                pg(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
                running = false;
            }
        } finally {
            try (var paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void pg(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asAccount) {
            full.addAll(List.of("runuser", "-u", ACCOUNT, "--"));
        }
        full.addAll(command);
        run(full, true);
    }

    private static Path binaries() {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/local/bin")));
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (var versions = Files.list(debian)) {
                versions.sorted(Comparator.reverseOrder()).forEach(version -> candidates.add(version.resolve("bin")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return candidates.stream()
                .filter(dir -> Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No initdb/pg_ctl in " + candidates));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int run(List<String> command, boolean mustSucceed) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 2 minutes");
            }
            if (mustSucceed && process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + process.exitValue() + ":\n" + output);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        }
    }
}
