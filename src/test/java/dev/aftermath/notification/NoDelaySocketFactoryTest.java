package dev.aftermath.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** SMTP sockets without Nagle's 40 ms stall per mail, and only where the option cannot change the connection. */
class NoDelaySocketFactoryTest {

    @Test
    void plain_smtp_gets_sockets_with_tcp_nodelay() throws Exception {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.getJavaMailProperties().setProperty("mail.smtp.starttls.enable", "true");

        assertThat(NoDelaySocketFactory.applyTo(sender)).isTrue();
        assertThat(sender.getSession().getProperties().get("mail.smtp.socketFactory"))
                .isSameAs(NoDelaySocketFactory.INSTANCE);
        assertThat(sender.getJavaMailProperties().getProperty("mail.smtp.starttls.enable")).isEqualTo("true");

        try (ServerSocket server = new ServerSocket(0);
             Socket client = NoDelaySocketFactory.INSTANCE.createSocket("127.0.0.1", server.getLocalPort());
             Socket unconnected = NoDelaySocketFactory.INSTANCE.createSocket()) {
            assertThat(client.getTcpNoDelay()).isTrue();
            assertThat(unconnected.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void smtps_and_an_operators_own_socket_factory_are_left_alone() {
        JavaMailSenderImpl ssl = new JavaMailSenderImpl();
        ssl.getJavaMailProperties().setProperty("mail.smtp.ssl.enable", "true");
        JavaMailSenderImpl smtps = new JavaMailSenderImpl();
        smtps.setProtocol("smtps");
        JavaMailSenderImpl own = new JavaMailSenderImpl();
        own.getJavaMailProperties().setProperty("mail.smtp.socketFactory.class", "com.example.Sockets");

        assertThat(NoDelaySocketFactory.applyTo(ssl)).isFalse();
        assertThat(NoDelaySocketFactory.applyTo(smtps)).isFalse();
        assertThat(NoDelaySocketFactory.applyTo(own)).isFalse();
        assertThat(ssl.getJavaMailProperties().get("mail.smtp.socketFactory")).isNull();
        assertThat(own.getJavaMailProperties().get("mail.smtp.socketFactory")).isNull();
    }
}
