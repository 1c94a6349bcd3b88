package dev.aftermath.notification;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import dev.aftermath.directory.UserDirectory;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.template.Formats;
import dev.aftermath.template.Templates;
import dev.aftermath.web.NotFoundException;

/**
 * {@code /inbox}: every mail the embedded dev SMTP server received, newest first, with its HTML and text bodies and
 * attachments. Exists only while the embedded server runs (no {@code spring.mail.host}); needs a login like the API.
 * Never in the {@code prod} profile.
 */
@Controller
@Profile("!prod")
public class DevInboxController {

    private final ObjectProvider<GreenMail> devSmtpServer;
    private final Templates templates;
    private final Formats formats;
    private final UserDirectory directory;

    public DevInboxController(ObjectProvider<GreenMail> devSmtpServer, Templates templates, Formats formats,
                              UserDirectory directory) {
        this.directory = directory;
        this.devSmtpServer = devSmtpServer;
        this.templates = templates;
        this.formats = formats;
    }

    private GreenMail greenMail() {
        GreenMail greenMail = devSmtpServer.getIfAvailable();
        if (greenMail == null) {
            throw new NotFoundException("The dev inbox exists only with the embedded SMTP server "
                    + "(spring.mail.host is set: mail goes to that server)");
        }
        return greenMail;
    }

    /** Administrators read every mail; everyone else only the mail addressed to them. */
    private boolean mayRead(MimeMessage m, CurrentUser user) throws MessagingException {
        if (user.inAnyGroup(IncidentAccess.ADMIN_GROUP)) {
            return true;
        }
        String[] recipient = m.getHeader("X-Aftermath-Recipient");
        if (recipient != null && recipient.length > 0) {
            // the outbox delivers one copy per recipient: this user's own copy
            return recipient[0].equals(user.id());
        }
        String email = directory.find(user.id()).map(u -> u.getEmail()).orElse(null);
        return email != null && m.getAllRecipients() != null && Arrays.stream(m.getAllRecipients())
                .anyMatch(a -> a.toString().toLowerCase(java.util.Locale.ROOT)
                        .contains(email.toLowerCase(java.util.Locale.ROOT)));
    }

    @GetMapping("/inbox")
    public ResponseEntity<String> inbox(jakarta.servlet.http.HttpServletRequest request) throws MessagingException {
        CurrentUser user = CurrentUser.of(request);
        MimeMessage[] messages = greenMail().getReceivedMessages();
        List<Map<String, Object>> rows = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = messages.length - 1; i >= 0; i--) {
            MimeMessage m = messages[i];
            // the server keeps one copy per recipient's mailbox: list each message once
            String[] outboxMessage = m.getHeader("X-Aftermath-Message");
            String key = outboxMessage != null && outboxMessage.length > 0 ? outboxMessage[0] : m.getMessageID();
            if (!mayRead(m, user) || key != null && !seen.add(key)) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", i);
            row.put("receivedAt", m.getSentDate() == null ? null : m.getSentDate().toInstant().toString());
            row.put("from", join(m.getFrom()));
            row.put("to", join(m.getAllRecipients()));
            row.put("subject", m.getSubject());
            row.put("attachments", attachments(m));
            row.put("htmlLink", "/inbox/" + i + "/html");
            row.put("textLink", "/inbox/" + i + "/text");
            rows.add(row);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("messages", rows);
        model.put("total", rows.size());
        model.put("fmt", formats);
        return html(templates.html("web/inbox.vm", model));
    }

    @GetMapping("/inbox/{index}/html")
    public ResponseEntity<String> body(@PathVariable int index, jakarta.servlet.http.HttpServletRequest request)
            throws Exception {
        MailParts parts = MailParts.of(message(index, CurrentUser.of(request)));
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
                .body(parts.html() == null ? "" : parts.html());
    }

    @GetMapping("/inbox/{index}/text")
    public ResponseEntity<String> text(@PathVariable int index, jakarta.servlet.http.HttpServletRequest request)
            throws Exception {
        MailParts parts = MailParts.of(message(index, CurrentUser.of(request)));
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
                .body(parts.text() == null ? "" : parts.text());
    }

    @GetMapping("/inbox/{index}/attachments/{n}")
    public ResponseEntity<byte[]> attachment(@PathVariable int index, @PathVariable int n,
                                             jakarta.servlet.http.HttpServletRequest request) throws Exception {
        MailParts parts = MailParts.of(message(index, CurrentUser.of(request)));
        if (n < 0 || n >= parts.attachments().size()) {
            throw new NotFoundException("No attachment " + n + " in mail " + index);
        }
        MailParts.Part part = parts.attachments().get(n);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(part.contentType().split(";")[0].trim()))
                .header("Content-Disposition", "attachment; filename=\"" + part.filename() + "\"")
                .body(part.content());
    }

    private MimeMessage message(int index, CurrentUser user) throws MessagingException {
        MimeMessage[] messages = greenMail().getReceivedMessages();
        if (index < 0 || index >= messages.length || !mayRead(messages[index], user)) {
            throw new NotFoundException("No mail " + index + " in the dev inbox");
        }
        return messages[index];
    }

    private static List<String> attachments(MimeMessage m) {
        try {
            return MailParts.of(m).attachments().stream().map(MailParts.Part::filename).toList();
        } catch (MessagingException | IOException e) {
            return List.of();
        }
    }

    private static String join(Address[] addresses) {
        return addresses == null ? "" : String.join(", ", Arrays.stream(addresses).map(Address::toString).toList());
    }

    private static ResponseEntity<String> html(String body) {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(body);
    }

}
