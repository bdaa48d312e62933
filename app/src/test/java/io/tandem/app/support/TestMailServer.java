package io.tandem.app.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) in the test JVM, on a free loopback port, that every test application sends its
 * mails to; tests read what arrived for an address. Started on first use, kept for the JVM's life.
 */
public final class TestMailServer {

    private static GreenMail server;

    private TestMailServer() {
    }

    public static synchronized GreenMail server() {
        if (server == null) {
            GreenMail started = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            started.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-mail-shutdown"));
            server = started;
        }
        return server;
    }

    /** What points an application at this server. */
    public static Map<String, Object> springProperties() {
        return Map.of("spring.mail.host", "127.0.0.1", "spring.mail.port", server().getSmtp().getPort());
    }

    /** The mails received for {@code address} so far, oldest first. */
    public static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(server().getReceivedMessages())
                .filter(message -> addressedTo(message, address))
                .toList();
    }

    /** Waits (10 s at most) until {@code address} has received at least {@code count} mails, and answers the last. */
    public static MimeMessage awaitMail(String address, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(address).size() >= count);
        List<MimeMessage> mails = mailsTo(address);
        return mails.get(mails.size() - 1);
    }

    public static String body(MimeMessage message) {
        return GreenMailUtil.getBody(message);
    }

    /**
     * Waits until {@code address} has received at least {@code count} mails and answers the token of the newest link
     * to {@code path} among them: mails sent one after another (a verification, then a reset) are delivered
     * asynchronously and may arrive in either order.
     */
    public static String awaitLinkToken(String address, int count, String path) {
        awaitMail(address, count);
        List<MimeMessage> mails = mailsTo(address);
        for (int i = mails.size() - 1; i >= 0; i--) {
            if (body(mails.get(i)).contains(path + "?token=")) {
                return linkToken(mails.get(i), path);
            }
        }
        throw new AssertionError("No " + path + " link in the " + mails.size() + " mails to " + address);
    }

    /** The token of the link to {@code path} ({@code /verify-email}, {@code /reset-password}) in the mail. */
    public static String linkToken(MimeMessage message, String path) {
        Matcher link = Pattern.compile(Pattern.quote(path) + "\\?token=([A-Za-z0-9_-]+)").matcher(body(message));
        if (!link.find()) {
            throw new AssertionError("No " + path + " link in: " + body(message));
        }
        return link.group(1);
    }

    private static boolean addressedTo(MimeMessage message, String address) {
        try {
            return message.getRecipients(Message.RecipientType.TO) != null
                    && Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(to -> to.toString().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
