package dev.aftermath.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Without {@code spring.mail.host}, Aftermath starts an embedded GreenMail SMTP server and sends every mail there;
 * the page {@code /inbox} shows what it received. With {@code spring.mail.host} set, Spring Boot's mail
 * auto-configuration sends to that server and nothing here starts. Never in the {@code prod} profile, which needs a
 * real mail server ({@link ProductionSettingsCheck}).
 */
@Configuration(proxyBeanMethods = false)
@Profile("!prod")
@ConditionalOnExpression("'${spring.mail.host:}'.isEmpty()")
public class DevSmtpConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DevSmtpConfiguration.class);

    @Bean(destroyMethod = "stop")
    public GreenMail devSmtpServer(@Value("${aftermath.dev-smtp.port:3025}") int port) {
        GreenMail greenMail = new NoDelayGreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        LOG.info("Embedded dev SMTP server on 127.0.0.1:{}; received mail at /inbox", greenMail.getSmtp().getPort());
        return greenMail;
    }

    @Bean
    public JavaMailSenderImpl mailSender(GreenMail devSmtpServer) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(devSmtpServer.getSmtp().getPort());
        sender.setDefaultEncoding("UTF-8");
        return sender;
    }
}
