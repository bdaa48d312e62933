package io.tandem.app.mail;

import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Sends plain-text mails to users, on threads of its own: an answer never waits for the mail server, and takes as
 * long whether a mail was sent or not (so its timing tells nobody whether an address has an account). A mail that
 * cannot be sent is logged, never retried; the user asks again.
 */
@Component
public class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    private final ObjectProvider<JavaMailSender> sender;
    private final OutgoingMailProperties properties;
    private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

    Mailer(ObjectProvider<JavaMailSender> sender, OutgoingMailProperties properties) {
        this.sender = sender;
        this.properties = properties;
        executor.setThreadNamePrefix("mail-");
        executor.setCorePoolSize(2);
        executor.setMaxPoolSize(2);
        executor.setQueueCapacity(1000);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(10);
        executor.initialize();
        if (sender.getIfAvailable() == null) {
            log.warn("No mail server is configured (SMTP_URL): verification and password-reset mails are not sent");
        }
    }

    /** Where links in mails point: this server as users reach it. */
    public String publicUrl() {
        return properties.publicUrl();
    }

    /** Queues the mail; answers at once. */
    public void send(String to, String subject, String text) {
        JavaMailSender mailSender = sender.getIfAvailable();
        if (mailSender == null) {
            log.warn("Not sending \"{}\": no mail server is configured (SMTP_URL)", subject);
            return;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(to);
        message.setSubject(subject);
        message.setText(text);
        try {
            executor.execute(() -> {
                try {
                    mailSender.send(message);
                } catch (MailException e) {
                    log.error("Could not send \"{}\": {}", subject, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.error("Could not send \"{}\": too many mails waiting", subject);
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdown();
    }
}
