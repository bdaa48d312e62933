package io.tandem.app.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A PostgreSQL cluster whose data directory is kept between runs. Normally zonky's EmbeddedPostgres runs it.
 * PostgreSQL refuses to run as root, and zonky cannot run it as anyone but the JVM's user, so under root the
 * same binaries that zonky ships are unpacked here and run as the system account {@value #ACCOUNT}.
 */
final class LocalPostgres {

    static final String SUPERUSER = "postgres";
    static final String ACCOUNT = "tandem-pg";

    private LocalPostgres() {
    }

    static StartedServer start(int port, Path dataDirectory) throws IOException {
        return OperatingSystem.runningAsRoot() ? startAsAccount(port, dataDirectory) : startWithZonky(port, dataDirectory);
    }

    private static StartedServer startWithZonky(int port, Path dataDirectory) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setLocaleConfig("locale", "C")
                .setRegisterShutdownHook(false) // LocalDependencies owns the one shutdown hook
                .start();
        return new Server(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static StartedServer startAsAccount(int port, Path dataDirectory) throws IOException {
        Path binaries = unpackBinaries(dataDirectory.resolveSibling("postgres-dist"));
        OperatingSystem.ensureAccount(ACCOUNT);
        OperatingSystem.requireReachableBy(ACCOUNT, dataDirectory);
        Files.createDirectories(dataDirectory);
        OperatingSystem.chown(ACCOUNT, dataDirectory);
        // initdb and the postmaster insist that only the owner can read the cluster.
        Files.setPosixFilePermissions(dataDirectory, PosixFilePermissions.fromString("rwx------"));
        String initdb = binaries.resolve("bin/initdb").toString();
        String pgCtl = binaries.resolve("bin/pg_ctl").toString();
        String data = dataDirectory.toString();
        if (!Files.exists(dataDirectory.resolve("PG_VERSION"))) {
            OperatingSystem.run(OperatingSystem.asAccount(ACCOUNT,
                    List.of(initdb, "-A", "trust", "-U", SUPERUSER, "-D", data, "-E", "UTF-8", "--locale=C")));
        }
        // The same server settings zonky uses, so that both ways of starting behave alike.
        String options = "-p " + port + " -F -c timezone=UTC -c synchronous_commit=off -c max_connections=300";
        OperatingSystem.run(OperatingSystem.asAccount(ACCOUNT, List.of(pgCtl, "-D", data,
                "-l", dataDirectory.resolve("server.log").toString(), "-o", options, "-w", "-t", "60", "start")));
        return new Server(() -> OperatingSystem.run(OperatingSystem.asAccount(ACCOUNT,
                List.of(pgCtl, "-D", data, "stop", "-m", "fast", "-w", "-t", "30"))));
    }

    /** Unpacks zonky's PostgreSQL archive once per archive content, into a directory the account can read. */
    private static Path unpackBinaries(Path parent) throws IOException {
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", architecture())) {
            if (in == null) {
                throw new IllegalStateException("zonky ships no PostgreSQL binaries for Linux " + architecture());
            }
            archive = in.readAllBytes();
        }
        Path target = parent.resolve(sha256(archive).substring(0, 16));
        if (Files.isRegularFile(target.resolve("bin/postgres"))) {
            return target;
        }
        Files.createDirectories(parent);
        Path staging = parent.resolve(".unpacking-" + UUID.randomUUID());
        untarXz(archive, staging);
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
            // Another process unpacked the same archive first; its copy is as good as ours.
            deleteRecursively(staging);
        }
        return target;
    }

    private static void untarXz(byte[] archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            List<TarArchiveEntry> hardLinks = new ArrayList<>();
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = inside(target, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    hardLinks.add(entry);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
            for (TarArchiveEntry link : hardLinks) {
                Files.copy(inside(target, link.getLinkName()), inside(target, link.getName()),
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static Path inside(Path root, String name) {
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalStateException("Archive entry escapes its directory: " + name);
        }
        return path;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                permissions.add(bits[i]);
            }
        }
        // Others must read and run the binaries: the cluster runs as the system account, not as their owner.
        permissions.add(PosixFilePermission.OWNER_READ);
        permissions.add(PosixFilePermission.GROUP_READ);
        permissions.add(PosixFilePermission.OTHERS_READ);
        return permissions;
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private record Server(Runnable stopper) implements StartedServer {

        @Override
        public LocalDependencies.Dependency dependency() {
            return LocalDependencies.Dependency.POSTGRESQL;
        }

        @Override
        public void stop() {
            stopper.run();
        }
    }
}
