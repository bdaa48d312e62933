package io.tandem.app.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.security.auth.module.UnixSystem;

/**
 * The few operating system calls needed to run servers that refuse to run as root (PostgreSQL,
 * Elasticsearch) from a JVM that does: a system account to run them as, and running commands.
 */
final class OperatingSystem {

    private OperatingSystem() {
    }

    static boolean runningAsRoot() {
        return !System.getProperty("os.name", "").startsWith("Windows") && new UnixSystem().getUid() == 0;
    }

    /** Creates the system account (no home, no login shell) unless it already exists. */
    static synchronized void ensureAccount(String account) {
        if (exitCode(List.of("id", "-u", account)) == 0) {
            return;
        }
        run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", account));
    }

    /** The command, run as the account; {@code runuser} keeps the environment, so ES_JAVA_HOME and the like pass. */
    static List<String> asAccount(String account, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", account, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    static void chown(String account, Path... paths) {
        List<String> command = new ArrayList<>(List.of("chown", "-R", account));
        for (Path path : paths) {
            command.add(path.toString());
        }
        run(command);
    }

    /**
     * Fails early, with the fix in the message, when the account could not even reach the directory: otherwise
     * the server fails later with a bare "permission denied" (a repository under /root is the usual case).
     */
    static void requireReachableBy(String account, Path directory) {
        for (Path ancestor = directory.toAbsolutePath().getParent(); ancestor != null; ancestor = ancestor.getParent()) {
            if (!Files.exists(ancestor)) {
                continue;
            }
            try {
                if (!Files.getPosixFilePermissions(ancestor).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalStateException("The system account " + account + " must reach " + directory
                            + " but cannot enter " + ancestor + "; run 'chmod o+x " + ancestor
                            + "' or point TANDEM_DATA_DIR somewhere it can reach");
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the permissions of " + ancestor, e);
            }
        }
    }

    /** Runs the command to completion and fails with its output if it exits with anything but 0. */
    static String run(List<String> command) {
        Result result = execute(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("Command " + command + " exited with " + result.exitCode() + ":\n"
                    + result.output());
        }
        return result.output();
    }

    private static int exitCode(List<String> command) {
        return execute(command).exitCode();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result execute(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("Command " + command + " did not finish in 5 minutes");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        }
    }
}
