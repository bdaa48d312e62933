package io.tandem.app.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Secrets generated for development when the environment gives none (the JWT key, the master key), kept in a file
 * only its owner can read so that restarts reuse them.
 */
public final class SecretFiles {

    /** A secret's text, and whether this call generated it (callers warn that production must set it). */
    public record Secret(String text, boolean generated) {
    }

    private SecretFiles() {
    }

    /**
     * Reads {@code dataDir/fileName}, or writes {@code generate}'s text there first. The file is written under a
     * temporary name and moved into place without replacing: when two instances start at once, the first secret
     * written wins for both.
     */
    public static Secret readOrCreate(Path dataDir, String fileName, Supplier<String> generate) {
        Path file = dataDir.resolve(fileName);
        try {
            if (Files.exists(file)) {
                return new Secret(read(file), false);
            }
            Files.createDirectories(dataDir);
            String text = generate.get();
            Path temp = createPrivateFile(dataDir, fileName);
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(temp);
                return new Secret(read(file), false);
            }
            return new Secret(text, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secret file " + file.toAbsolutePath(), e);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }

    private static Path createPrivateFile(Path dir, String prefix) throws IOException {
        try {
            return Files.createTempFile(dir, prefix, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Path temp = Files.createTempFile(dir, prefix, ".tmp");
            temp.toFile().setReadable(false, false);
            temp.toFile().setReadable(true, true);
            temp.toFile().setWritable(false, false);
            temp.toFile().setWritable(true, true);
            return temp;
        }
    }
}
