package dev.aftermath.notification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.InternetAddress;

import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.aftermath.template.Templates.MailContent;

/**
 * Records one rendered mail for a list of users in the mail outbox ({@code am_mail_message} and one
 * {@code am_mail_delivery} row per recipient), inside the caller's transaction: the engine's, when a send step runs.
 * Nothing is sent here; {@link MailDispatcher} delivers the rows after the commit. A step that is rolled back leaves
 * no row, a step that commits leaves its rows exactly once: the idempotency key of a row is derived from the step's
 * {@code intent} and the recipient, and a key already recorded is not recorded again.
 */
@Component
public class Mailer {

    static {
        // jakarta.mail finds its StreamProvider with a ServiceLoader scan of every jar, for every MIME part built or
        // read (10 % of the CPU of a lifecycle's mail steps); named here, it is one class lookup.
        System.getProperties().putIfAbsent("jakarta.mail.util.StreamProvider",
                "org.eclipse.angus.mail.util.MailStreamProvider");
    }


    private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final MailDispatcher dispatcher;
    private final Clock clock;

    public Mailer(JdbcClient jdbc, JdbcTemplate batch, MailDispatcher dispatcher, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.batch = batch;
        this.dispatcher = dispatcher;
    }

    /**
     * @param intent what this mail is, stable across retries of the same step (e.g. the process instance and activity
     *               instance of a send step, or the task a task mail announces)
     * @return the number of deliveries recorded (0 when every recipient already had this mail or none has an address)
     */
    public int send(String intent, String businessKey, List<User> to, MailContent content,
                    List<Attachment> attachments) {
        List<User> withAddress = to.stream().filter(u -> u.getEmail() != null && !u.getEmail().isBlank()).toList();
        to.stream().filter(u -> !withAddress.contains(u))
                .forEach(u -> LOG.warn("User '{}' has no e-mail address in the Camunda profile; not mailed", u.getId()));
        if (withAddress.isEmpty()) {
            LOG.warn("Mail '{}' has no recipient with an e-mail address", content.subject());
            return 0;
        }
        Map<String, User> byKey = new LinkedHashMap<>();
        for (User u : withAddress) {
            byKey.putIfAbsent(idempotencyKey(intent, u.getId()), u);
        }
        List<String> known = jdbc.sql("select idem_key from am_mail_delivery where idem_key in (:keys)")
                .param("keys", byKey.keySet()).query(String.class).list();
        known.forEach(byKey::remove);
        if (byKey.isEmpty()) {
            LOG.info("Mail '{}' ({}) was already recorded for every recipient; not recorded again", content.subject(),
                    intent);
            return 0;
        }
        Instant now = clock.instant();
        String messageId = UUID.randomUUID().toString();
        jdbc.sql("""
                insert into am_mail_message (id, step, business_key, subject, to_header, text_body, html_body, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(messageId, abbreviate(intent, 300), businessKey, abbreviate(content.subject(), 1000),
                        toHeader(withAddress), content.text(), content.html(), java.sql.Timestamp.from(now))
                .update();
        // attachments and deliveries: one JDBC batch each, whatever the number of recipients
        if (!attachments.isEmpty()) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < attachments.size(); i++) {
                Attachment a = attachments.get(i);
                rows.add(new Object[] {messageId, i, a.filename(), a.contentType(),
                        Base64.getEncoder().encodeToString(a.content())});
            }
            batch.batchUpdate("insert into am_mail_attachment (message_id, position, filename, content_type, "
                    + "content_b64) values (?, ?, ?, ?, ?)", rows);
        }
        java.sql.Timestamp at = java.sql.Timestamp.from(now);
        List<Object[]> deliveries = new ArrayList<>();
        for (Map.Entry<String, User> e : byKey.entrySet()) {
            User u = e.getValue();
            deliveries.add(new Object[] {UUID.randomUUID().toString(), messageId, e.getKey(), u.getId(),
                    u.getEmail().trim(), displayName(u), at, at});
        }
        batch.batchUpdate("""
                insert into am_mail_delivery (id, message_id, idem_key, user_id, address, display_name, status,
                    attempts, next_attempt_at, created_at)
                values (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)""", deliveries);
        LOG.info("Recorded mail '{}' for {}", content.subject(), byKey.values().stream().map(User::getId).toList());
        dispatcher.dispatchAfterCommit(messageId);
        return byKey.size();
    }

    /** SHA-256 of the intent and the recipient: the row's key and the source of its Message-ID. */
    static String idempotencyKey(String intent, String recipient) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((intent + "\n" + recipient).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String toHeader(List<User> users) {
        List<String> parts = new ArrayList<>();
        for (User u : users) {
            try {
                parts.add(new InternetAddress(u.getEmail().trim(), displayName(u), "UTF-8").toString());
            } catch (java.io.UnsupportedEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(", ", parts);
    }

    private static String displayName(User u) {
        String name = ((u.getFirstName() == null ? "" : u.getFirstName()) + " "
                + (u.getLastName() == null ? "" : u.getLastName())).trim();
        return name.isEmpty() ? null : name;
    }

    private static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    public record Attachment(String filename, String contentType, byte[] content) {
    }
}
