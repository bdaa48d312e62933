package io.tandem.app.mail;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the mails Tandem sends ({@code tandem.mail.*}).
 *
 * @param from      the sender address ({@code TANDEM_MAIL_FROM})
 * @param publicUrl where users reach this server, for the links in mails ({@code TANDEM_PUBLIC_URL})
 */
@ConfigurationProperties("tandem.mail")
public record OutgoingMailProperties(
        @DefaultValue("Tandem <no-reply@localhost>") String from,
        @DefaultValue("http://localhost:8080") String publicUrl) {

    public OutgoingMailProperties {
        publicUrl = publicUrl.strip().replaceAll("/+$", "");
    }
}
