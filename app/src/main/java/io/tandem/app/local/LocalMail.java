package io.tandem.app.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMTP server for a developer's machine (GreenMail, in this JVM, on loopback only) that accepts every mail and
 * writes each one as an {@code .eml} file into a folder, logging the recipient, subject and file: the developer
 * reads the verification and reset mails there (any mail program opens {@code .eml}, and they are plain text).
 */
final class LocalMail {

    static final String HOST = "127.0.0.1";
    static final int PORT = 3025;

    private static final Logger log = LoggerFactory.getLogger(LocalMail.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private LocalMail() {
    }

    static StartedMailServer start(int port, Path folder) throws IOException {
        Files.createDirectories(folder);
        GreenMail greenMail = new GreenMail(new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        MessageDeliveryHandler delivering = greenMail.getUserManager().getMessageDeliveryHandler();
        AtomicLong count = new AtomicLong();
        greenMail.getUserManager().setMessageDeliveryHandler((message, recipient) -> {
            write(message.getMessage(), recipient.getEmail(), folder, count.incrementAndGet());
            return delivering.handle(message, recipient);
        });
        return new StartedMailServer(greenMail, folder);
    }

    private static void write(jakarta.mail.internet.MimeMessage message, String recipient, Path folder, long number) {
        String safeRecipient = recipient.replaceAll("[^A-Za-z0-9@._-]", "_");
        Path file = folder.resolve(LocalDateTime.now().format(FILE_TIME) + "-" + number + "-" + safeRecipient + ".eml");
        try (OutputStream out = Files.newOutputStream(file)) {
            message.writeTo(out);
            log.info("Mail to {}: \"{}\" is in {}", recipient, message.getSubject(), file);
        } catch (IOException | MessagingException e) {
            log.warn("Could not write the mail to {} into {}: {}", recipient, folder, e.toString());
        }
    }

    /** The running server; stopping it ends the SMTP listener. */
    record StartedMailServer(GreenMail greenMail, Path folder) {

        int port() {
            return greenMail.getSmtp().getPort();
        }

        void stop() {
            greenMail.stop();
        }
    }
}
