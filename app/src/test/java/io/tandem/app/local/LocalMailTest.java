package io.tandem.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

class LocalMailTest {

    @TempDir
    Path data;

    @Test
    void everyMailIsWrittenAsAnEmlFileIntoTheFolder() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path folder = data.resolve("mail");
        LocalMail.StartedMailServer server = LocalMail.start(port, folder);
        try {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost(LocalMail.HOST);
            sender.setPort(server.port());
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom("tandem@localhost");
            message.setTo("ann@example.test");
            message.setSubject("Verify your email address for Tandem");
            message.setText("https://tandem.example.test/verify-email?token=abc");
            sender.send(message);

            await().atMost(Duration.ofSeconds(10)).until(() -> files(folder).size() == 1);
            Path file = files(folder).get(0);
            assertThat(file.getFileName().toString()).endsWith("-ann@example.test.eml");
            assertThat(Files.readString(file)).contains("Subject: Verify your email address for Tandem")
                    .contains("verify-email?token=abc");
        } finally {
            server.stop();
        }
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
