package io.tandem.app.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import javax.crypto.SecretKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtSecretTest {

    @TempDir
    Path dir;

    @Test
    void withoutAConfiguredSecretAKeyIsGeneratedOnceAndKeptPrivate() throws Exception {
        Path dataDir = dir.resolve("data");

        SecretKey first = JwtSecret.load(null, dataDir);
        SecretKey second = JwtSecret.load("", dataDir);

        Path file = dataDir.resolve("jwt-secret");
        assertThat(first.getEncoded()).hasSize(32).isEqualTo(second.getEncoded());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).isEqualTo(first.getEncoded());
        try (var files = Files.list(dataDir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aConfiguredSecretWinsOverTheFile() {
        byte[] key = new byte[48];
        key[0] = 7;

        SecretKey loaded = JwtSecret.load(Base64.getEncoder().encodeToString(key), dir);

        assertThat(loaded.getEncoded()).isEqualTo(key);
        assertThat(dir.resolve("jwt-secret")).doesNotExist();
    }

    @Test
    void aConfiguredSecretShorterThanThirtyTwoBytesIsRefused() {
        String short31 = Base64.getEncoder().encodeToString(new byte[31]);

        assertThatThrownBy(() -> JwtSecret.load(short31, dir)).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> JwtSecret.load("not base64 at all!", dir)).hasMessageContaining("base64");
    }
}
