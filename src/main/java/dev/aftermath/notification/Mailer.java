package dev.aftermath.notification;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import dev.aftermath.template.Templates.MailContent;

/**
 * Sends one rendered mail to a list of users, as HTML with a plain-text alternative. Failures are thrown, never
 * swallowed: mail is only sent from async jobs, so a failure becomes a retried job and then a Cockpit incident.
 */
@Component
public class Mailer {

    private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);

    private final JavaMailSender sender;
    private final String from;

    public Mailer(JavaMailSender sender, @Value("${aftermath.mail.from}") String from) {
        this.sender = sender;
        this.from = from;
    }

    public void send(List<User> to, MailContent content, List<Attachment> attachments) {
        List<User> withAddress = to.stream().filter(u -> u.getEmail() != null && !u.getEmail().isBlank()).toList();
        to.stream().filter(u -> !withAddress.contains(u))
                .forEach(u -> LOG.warn("User '{}' has no e-mail address in the Camunda profile; not mailed", u.getId()));
        if (withAddress.isEmpty()) {
            LOG.warn("Mail '{}' has no recipient with an e-mail address", content.subject());
            return;
        }
        MimeMessage message = sender.createMimeMessage();
        try {
            MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED,
                    StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            InternetAddress[] addresses = new InternetAddress[withAddress.size()];
            for (int i = 0; i < addresses.length; i++) {
                User u = withAddress.get(i);
                String name = ((u.getFirstName() == null ? "" : u.getFirstName()) + " "
                        + (u.getLastName() == null ? "" : u.getLastName())).trim();
                addresses[i] = new InternetAddress(u.getEmail(), name.isEmpty() ? null : name, "UTF-8");
            }
            helper.setTo(addresses);
            helper.setSubject(content.subject());
            helper.setText(content.text(), content.html());
            for (Attachment a : attachments) {
                helper.addAttachment(a.filename(), new ByteArrayResource(a.content()), a.contentType());
            }
        } catch (MessagingException | java.io.UnsupportedEncodingException e) {
            throw new MailPreparationException("Could not prepare mail '" + content.subject() + "'", e);
        }
        sender.send(message);
        LOG.info("Mailed '{}' to {}", content.subject(), withAddress.stream().map(User::getId).toList());
    }

    public record Attachment(String filename, String contentType, byte[] content) {
    }
}
