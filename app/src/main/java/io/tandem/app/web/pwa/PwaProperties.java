package io.tandem.app.web.pwa;

import java.nio.file.Path;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the built PWA is ({@code tandem.pwa.*}).
 *
 * @param dir the directory holding its {@code index.html}; empty serves no app at {@code /app/}
 */
@ConfigurationProperties("tandem.pwa")
record PwaProperties(@DefaultValue("") String dir) {

    Optional<Path> directory() {
        return dir == null || dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir.strip()).toAbsolutePath().normalize());
    }
}
