package io.tandem.app.mail;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Turns {@code SMTP_URL} ({@code smtp://[user[:password]@]host[:port]} with STARTTLS when the server offers it,
 * or {@code smtps://…} for TLS from the first byte) into Spring Boot's {@code spring.mail.*} properties, which then
 * configure the {@code JavaMailSender}. Explicit {@code spring.mail.*} settings win. Without {@code SMTP_URL} no
 * mail server is configured and mails are not sent (a warning says so).
 */
public class SmtpUrl implements EnvironmentPostProcessor, Ordered {

    static final String VARIABLE = "SMTP_URL";
    static final String SOURCE = "smtpUrl";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty(VARIABLE);
        if (StringUtils.hasText(url)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, springProperties(url.strip())));
        }
    }

    /** The {@code spring.mail.*} properties an SMTP URL stands for; a malformed one fails the startup, naming it. */
    static Map<String, Object> springProperties(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(VARIABLE + " is not a URL (smtp://host:port): " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
            throw new IllegalArgumentException(VARIABLE + " must start with smtp:// or smtps://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(VARIABLE + " must name a host (smtp://host:port)");
        }
        boolean tls = scheme.equals("smtps");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.mail.protocol", scheme);
        properties.put("spring.mail.host", uri.getHost());
        properties.put("spring.mail.port", uri.getPort() == -1 ? (tls ? 465 : 25) : uri.getPort());
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            properties.put("spring.mail.username", URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
            if (parts.length > 1) {
                properties.put("spring.mail.password", URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
            properties.put("spring.mail.properties.mail." + scheme + ".auth", "true");
        }
        if (!tls) {
            properties.put("spring.mail.properties.mail.smtp.starttls.enable", "true");
        }
        // A mail server that does not answer must not hold a sending thread for ever.
        for (String timeout : new String[] {"connectiontimeout", "timeout", "writetimeout"}) {
            properties.put("spring.mail.properties.mail." + scheme + "." + timeout, "10000");
        }
        return properties;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
