package io.tandem.app.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which browser origins may call the API ({@code tandem.cors.*}).
 *
 * @param origins exact origins such as {@code https://app.example.com}; empty refuses every cross-origin request
 */
@ConfigurationProperties("tandem.cors")
record CorsProperties(@DefaultValue List<String> origins) {

    CorsProperties {
        origins = origins == null ? List.of()
                : origins.stream().map(String::strip).filter(origin -> !origin.isEmpty()).toList();
    }
}
