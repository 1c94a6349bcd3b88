package dev.aftermath.notification;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.activation.FileTypeMap;
import jakarta.annotation.PreDestroy;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the mail outbox ({@link Mailer} records it) at least once and never again after a row is SENT:
 * <ol>
 * <li>right after the transaction that recorded a mail commits, its rows are handed to a small delivery pool (or,
 * with {@code aftermath.mail.outbox.async-dispatch: false}, delivered in the committing thread);</li>
 * <li>every {@code poll-interval} each node looks for rows that are due: new rows nobody took, rows whose retry time
 * has come, and rows claimed by a node that died (claim expired).</li>
 * </ol>
 * Rows are claimed in batches by one conditional UPDATE ({@code PENDING -> SENDING}, with this node's id and a lease),
 * each sent on its own (one SMTP envelope recipient, the Message-ID derived from its idempotency key) and marked SENT
 * in batches of {@code sent-batch} rows, one UPDATE per batch. The only window for a duplicate is a node that dies
 * after the SMTP server accepted rows and before their SENT mark: those rows (at most one mark batch) are sent once
 * more after their lease, with the same Message-ID; a row marked SENT is never sent again. Under a burst the
 * committed messages queue up and each delivery thread takes up to {@code batch-size} of them at a time.
 * A refused address (5xx) fails only its own row (FAILED, visible at {@code /api/admin/mail-deliveries}, retryable);
 * an unreachable server or a 4xx is retried with growing delays.
 */
@Component
public class MailDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(MailDispatcher.class);

    public static final String PENDING = "PENDING";
    public static final String SENDING = "SENDING";
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";

    private final JavaMailSender sender;
    private final JdbcClient jdbc;
    private final TransactionTemplate newTransaction;
    private final String from;
    private final String nodeId;
    private final boolean asyncDispatch;
    private final Duration lease;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final int maxAttempts;
    private final int batchSize;
    private final int sentBatch;
    private final int threads;
    /** Messages committed and not yet taken by a delivery thread (after-commit path). */
    private final java.util.concurrent.ConcurrentLinkedQueue<String> committed = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicInteger drainers = new AtomicInteger();
    private final ExecutorService pool;
    /** The engine's clock: leases and retry times follow it, as the engine's own job locks do. */
    private final Clock clock;

    public MailDispatcher(JavaMailSender sender, JdbcClient jdbc, PlatformTransactionManager transactionManager,
                          @Value("${aftermath.mail.from}") String from,
                          @Value("${aftermath.node-id:}") String nodeId,
                          @Value("${aftermath.mail.outbox.async-dispatch:true}") boolean asyncDispatch,
                          @Value("${aftermath.mail.outbox.lease:PT45S}") Duration lease,
                          @Value("${aftermath.mail.outbox.retry-initial:PT10S}") Duration retryInitial,
                          @Value("${aftermath.mail.outbox.retry-max:PT2M}") Duration retryMax,
                          @Value("${aftermath.mail.outbox.max-attempts:60}") int maxAttempts,
                          @Value("${aftermath.mail.outbox.batch-size:200}") int batchSize,
                          @Value("${aftermath.mail.outbox.sent-batch:50}") int sentBatch,
                          @Value("${aftermath.mail.outbox.threads:2}") int threads,
                          org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters,
                          Clock clock) {
        this.sender = sender;
        this.clock = clock;
        if (sender instanceof JavaMailSenderImpl impl) {
            NoDelaySocketFactory.applyTo(impl);
        }
        this.jdbc = jdbc;
        this.newTransaction = new TransactionTemplate(transactionManager);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.from = from;
        this.nodeId = nodeId == null || nodeId.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : nodeId;
        this.asyncDispatch = asyncDispatch;
        this.lease = lease;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.maxAttempts = maxAttempts;
        this.batchSize = batchSize;
        this.sentBatch = Math.max(1, sentBatch);
        this.threads = Math.max(1, threads);
        meters.ifAvailable(registry -> {
            for (String status : List.of(PENDING, SENDING, SENT, FAILED)) {
                io.micrometer.core.instrument.Gauge.builder("aftermath.mail.deliveries",
                                () -> counts().getOrDefault(status, 0L))
                        .description("Mail outbox deliveries (one per step and recipient) by status")
                        .tag("status", status).register(registry);
            }
        });
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                r -> {
                    Thread t = new Thread(r, "mail-dispatch-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    public String nodeId() {
        return nodeId;
    }

    /** Delivers the rows of a recorded message once the current transaction commits (at once without one). */
    void dispatchAfterCommit(String messageId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    trigger(messageId);
                }
            });
        } else {
            trigger(messageId);
        }
    }

    private void trigger(String messageId) {
        if (!asyncDispatch) {
            safely(() -> deliverMessages(List.of(messageId)));
            return;
        }
        committed.add(messageId);
        startDrainer();
    }

    /**
     * Up to {@code threads} delivery loops take the committed messages from the queue, up to {@code batch-size} at a
     * time, and deliver each batch over one SMTP connection with one claim and batched SENT marks: under a burst of
     * jobs the deliveries group themselves instead of costing a claim, a connection and a mark per mail.
     */
    private void startDrainer() {
        while (true) {
            int running = drainers.get();
            if (running >= threads || committed.isEmpty()) {
                return;
            }
            if (drainers.compareAndSet(running, running + 1)) {
                break;
            }
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException full) {
            drainers.decrementAndGet();
            LOG.debug("Delivery pool busy; committed messages wait for the poller");
        }
    }

    private void drain() {
        try {
            while (true) {
                List<String> batch = new java.util.ArrayList<>();
                for (String id; batch.size() < batchSize && (id = committed.poll()) != null; ) {
                    batch.add(id);
                }
                if (batch.isEmpty()) {
                    return;
                }
                safely(() -> deliverMessages(batch));
            }
        } finally {
            drainers.decrementAndGet();
            startDrainer(); // a message queued while this loop was ending
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // the rows stay due: the poller takes them
            LOG.warn("Mail delivery stopped ({}); the poller retries", e.toString());
        }
    }

    /**
     * The poller of every node; off where the job executor is off (tests deliver after commit or call it). It runs
     * {@code threads} delivery loops at once, each on its own share of the due rows.
     */
    @Scheduled(fixedDelayString = "${aftermath.mail.outbox.poll-interval:PT5S}",
            initialDelayString = "${aftermath.mail.outbox.poll-interval:PT5S}")
    void poll() {
        if (!pollerEnabled) {
            return;
        }
        releaseExpiredClaims();
        List<java.util.concurrent.Future<?>> loops = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int share = i;
            try {
                loops.add(pool.submit(() -> safely(() -> deliverDue(share, threads))));
            } catch (RejectedExecutionException full) {
                break;
            }
        }
        for (java.util.concurrent.Future<?> f : loops) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("Mail delivery loop failed: {}", e.getCause().toString());
            }
        }
    }

    @Value("${aftermath.mail.outbox.poller-enabled:${camunda.bpm.job-execution.enabled:true}}")
    private boolean pollerEnabled;

    /** Claims of a node that died (lease expired) go back to the queue, whether or not SMTP answers now. */
    int releaseExpiredClaims() {
        Timestamp now = Timestamp.from(clock.instant());
        Integer released = newTransaction.execute(s -> jdbc.sql("""
                update am_mail_delivery set status = 'PENDING', claimed_by = null, claimed_until = null,
                       next_attempt_at = ? where status = 'SENDING' and claimed_until < ?""")
                .params(now, now).update());
        if (released != null && released > 0) {
            LOG.warn("{} mail deliveries claimed by a node that stopped are queued again", released);
        }
        return released == null ? 0 : released;
    }

    /** Delivers every row that is due now, batch after batch; returns how many were sent. */
    public int deliverDue() {
        releaseExpiredClaims();
        return deliverDue(0, 1);
    }

    private int deliverDue(int share, int shares) {
        int sent = 0;
        while (true) {
            Timestamp now = Timestamp.from(clock.instant());
            List<String> due = newTransaction.execute(s -> jdbc.sql("""
                    select id from am_mail_delivery where status = 'PENDING' and next_attempt_at <= ?
                     order by next_attempt_at, id limit """ + " " + batchSize * shares).param(now)
                    .query(String.class).list());
            if (due == null || due.isEmpty()) {
                return sent;
            }
            List<String> mine = shares == 1 ? due
                    : due.stream().filter(id -> Math.floorMod(id.hashCode(), shares) == share).toList();
            if (mine.isEmpty()) {
                return sent;
            }
            Result r = deliver(mine.subList(0, Math.min(mine.size(), batchSize)), false);
            sent += r.sent;
            if (r.connectionFailed || r.claimed == 0) {
                return sent;
            }
        }
    }

    /** Delivers the pending rows of one message. */
    public int deliverMessage(String messageId) {
        return deliverMessages(List.of(messageId));
    }

    /** Delivers the pending, due rows of these messages (one claim, one connection, batched SENT marks). */
    int deliverMessages(List<String> messageIds) {
        return deliver(messageIds, true).sent;
    }

    /** FAILED (or PENDING) rows back to PENDING, due now; returns whether the row existed and was not yet sent. */
    public boolean retry(String deliveryId) {
        Integer n = newTransaction.execute(s -> jdbc.sql("""
                update am_mail_delivery set status = 'PENDING', next_attempt_at = ?, claimed_by = null,
                       claimed_until = null where id = ? and status in ('FAILED', 'PENDING')""")
                .params(Timestamp.from(clock.instant()), deliveryId).update());
        if (n != null && n > 0) {
            trigger(messageOf(deliveryId));
            return true;
        }
        return false;
    }

    private String messageOf(String deliveryId) {
        return newTransaction.execute(s -> jdbc.sql("select message_id from am_mail_delivery where id = ?")
                .param(deliveryId).query(String.class).single());
    }

    private record Result(int claimed, int sent, boolean connectionFailed) {
    }

    /**
     * Connects first (an unreachable server claims nothing and counts no attempt: the rows wait), then claims the
     * rows in one UPDATE under a claim token of this node, sends them one by one over one connection and marks them
     * SENT in batches of {@code sent-batch} rows (one UPDATE each), and always before anything else happens to the
     * batch (a failure, the end). A crash between the SMTP server's acceptance and the mark re-sends at most the
     * unmarked rows of one such batch, with their Message-ID unchanged; a row marked SENT is never sent again.
     *
     * @param ids        delivery ids, or (with {@code byMessage}) message ids whose pending rows are delivered
     */
    private Result deliver(List<String> ids, boolean byMessage) {
        Transport transport;
        try {
            transport = connect();
        } catch (MessagingException e) {
            postpone(ids, byMessage, "SMTP server unreachable: " + rootMessage(e));
            LOG.warn("SMTP server unreachable ({}); mail of {} {} waits for the next attempt", rootMessage(e),
                    ids.size(), byMessage ? "message(s)" : "delivery(ies)");
            return new Result(0, 0, true);
        }
        String token = nodeId + "#" + UUID.randomUUID();
        int sent = 0;
        List<String> unmarked = new java.util.ArrayList<>();
        try {
            Instant now = clock.instant();
            Claim claim = newTransaction.execute(s -> {
                int n = jdbc.sql("""
                        update am_mail_delivery set status = 'SENDING', claimed_by = :token, claimed_until = :until,
                               attempts = attempts + 1
                         where %s in (:ids) and status = 'PENDING'%s"""
                                .formatted(byMessage ? "message_id" : "id",
                                        byMessage ? "" : " and next_attempt_at <= :now"))
                        .param("token", token).param("until", Timestamp.from(now.plus(lease))).param("ids", ids)
                        .param("now", Timestamp.from(now)).update();
                return n == 0 ? null : loadClaimed(token, n);
            });
            if (claim == null) {
                return new Result(0, 0, false);
            }
            int claimed = claim.claimed();
            List<Delivery> rows = claim.rows();
            Map<String, Message> messages = claim.messages();
            for (int i = 0; i < rows.size(); i++) {
                Delivery d = rows.get(i);
                Message m = messages.get(d.messageId());
                MimeMessage mime;
                try {
                    if (m == null) {
                        throw new IllegalStateException("message " + d.messageId() + " not found");
                    }
                    mime = build(m, d);
                } catch (MessagingException | RuntimeException e) {
                    markSent(unmarked);
                    markFailed(d.id(), "Could not build the message: " + e);
                    continue;
                }
                try {
                    if (!transport.isConnected()) {
                        transport = connect();
                    }
                    transport.sendMessage(mime, new Address[] {new InternetAddress(d.address())});
                    unmarked.add(d.id());
                    sent++;
                    if (unmarked.size() >= sentBatch) {
                        markSent(unmarked);
                    }
                } catch (MessagingException e) {
                    markSent(unmarked);
                    Integer code = smtpCode(e);
                    if (code != null && code >= 500 || code == null && e instanceof SendFailedException sf
                            && sf.getInvalidAddresses() != null && sf.getInvalidAddresses().length > 0) {
                        markFailed(d.id(), "Refused by the SMTP server" + (code == null ? "" : " (" + code + ")")
                                + ": " + rootMessage(e));
                        LOG.warn("Mail '{}' to {} refused: {}", m.subject(), d.userId(), rootMessage(e));
                    } else {
                        // a 4xx or a broken connection: this row and the rest of the batch wait for their retry
                        for (Delivery rest : rows.subList(i, rows.size())) {
                            release(rest.id(), rest.attempts(), "SMTP error: " + rootMessage(e));
                        }
                        LOG.warn("SMTP error ({}); {} mail(s) wait for the next attempt", rootMessage(e),
                                rows.size() - i);
                        return new Result(claimed, sent, true);
                    }
                }
            }
            return new Result(claimed, sent, false);
        } finally {
            markSent(unmarked);
            closeQuietly(transport);
        }
    }

    /** The server did not answer: the rows stay PENDING, with the error, until the next poll after retry-initial. */
    private void postpone(List<String> ids, boolean byMessage, String error) {
        Timestamp next = Timestamp.from(clock.instant().plus(retryInitial));
        newTransaction.executeWithoutResult(s -> jdbc.sql("""
                update am_mail_delivery set next_attempt_at = :next, last_error = :error
                 where %s in (:ids) and status = 'PENDING'""".formatted(byMessage ? "message_id" : "id"))
                .param("next", next).param("error", abbreviate(error)).param("ids", ids).update());
    }

    /** Marks the rows SENT in one UPDATE and empties the list (nothing happens for an empty list). */
    private void markSent(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<String> batch = List.copyOf(ids);
        ids.clear();
        newTransaction.executeWithoutResult(s -> jdbc.sql("""
                update am_mail_delivery set status = 'SENT', sent_at = :now, claimed_until = null, last_error = null
                 where id in (:ids)""").param("now", Timestamp.from(clock.instant())).param("ids", batch).update());
    }

    private void markFailed(String id, String error) {
        newTransaction.executeWithoutResult(s -> jdbc.sql("""
                update am_mail_delivery set status = 'FAILED', claimed_until = null, last_error = ? where id = ?""")
                .params(abbreviate(error), id).update());
    }

    /** Back to PENDING with the next delay (FAILED after max-attempts). */
    private void release(String id, int attempts, String error) {
        if (attempts >= maxAttempts) {
            markFailed(id, error + " (gave up after " + attempts + " attempts)");
            return;
        }
        long factor = 1L << Math.min(20, Math.max(0, attempts - 1));
        Duration delay = retryInitial.multipliedBy(factor);
        if (delay.compareTo(retryMax) > 0) {
            delay = retryMax;
        }
        Timestamp next = Timestamp.from(clock.instant().plus(delay));
        newTransaction.executeWithoutResult(s -> jdbc.sql("""
                update am_mail_delivery set status = 'PENDING', next_attempt_at = ?, claimed_by = null,
                       claimed_until = null, last_error = ? where id = ?""")
                .params(next, abbreviate(error), id).update());
    }

    private record Delivery(String id, String messageId, String idemKey, String userId, String address,
                            String displayName, int attempts) {
    }

    private record Message(String id, String subject, String toHeader, String text, String html, Instant created,
                           List<Mailer.Attachment> attachments) {
    }

    private record Claim(int claimed, List<Delivery> rows, Map<String, Message> messages) {
    }

    /**
     * The rows this claim took, each with its message, in one query whatever their number (a second one only for
     * the attachments, when a message has any); inside the claim's transaction.
     */
    private Claim loadClaimed(String token, int claimed) {
        List<Delivery> rows = new java.util.ArrayList<>();
        Map<String, Message> messages = new HashMap<>();
        List<String> withAttachments = new java.util.ArrayList<>();
        jdbc.sql("""
                select d.id, d.message_id, d.idem_key, d.user_id, d.address, d.display_name, d.attempts,
                       m.id as m_id, m.subject, m.to_header, m.text_body, m.html_body, m.created_at,
                       (select count(*) from am_mail_attachment a where a.message_id = m.id) as n_attachments
                  from am_mail_delivery d left join am_mail_message m on m.id = d.message_id
                 where d.claimed_by = ? and d.status = 'SENDING' order by d.created_at, d.id""").param(token)
                .query((rs, i) -> {
                    rows.add(new Delivery(rs.getString("id"), rs.getString("message_id"), rs.getString("idem_key"),
                            rs.getString("user_id"), rs.getString("address"), rs.getString("display_name"),
                            rs.getInt("attempts")));
                    String id = rs.getString("m_id");
                    if (id != null && !messages.containsKey(id)) {
                        messages.put(id, new Message(id, rs.getString("subject"), rs.getString("to_header"),
                                rs.getString("text_body"), rs.getString("html_body"),
                                rs.getTimestamp("created_at").toInstant(), new java.util.ArrayList<>()));
                        if (rs.getLong("n_attachments") > 0) {
                            withAttachments.add(id);
                        }
                    }
                    return id;
                }).list();
        if (!withAttachments.isEmpty()) {
            jdbc.sql("""
                    select message_id, filename, content_type, content_b64 from am_mail_attachment
                     where message_id in (:ids) order by message_id, position""").param("ids", withAttachments)
                    .query((rs, i) -> messages.get(rs.getString(1)).attachments().add(new Mailer.Attachment(
                            rs.getString(2), rs.getString(3), Base64.getDecoder().decode(rs.getString(4))))).list();
        }
        return new Claim(claimed, rows, messages);
    }

    /** One map of file types for every mail (attachment content types are given explicitly anyway). */
    private static final FileTypeMap FILE_TYPES = fileTypes();

    private static FileTypeMap fileTypes() {
        org.springframework.mail.javamail.ConfigurableMimeFileTypeMap types =
                new org.springframework.mail.javamail.ConfigurableMimeFileTypeMap();
        types.afterPropertiesSet();
        return types;
    }

    private Session session() {
        return sender instanceof JavaMailSenderImpl impl ? impl.getSession() : Session.getInstance(new java.util.Properties());
    }

    private Transport connect() throws MessagingException {
        if (!(sender instanceof JavaMailSenderImpl impl)) {
            throw new MessagingException("The mail sender is not a JavaMailSenderImpl: " + sender.getClass());
        }
        Transport transport = impl.getSession().getTransport(Optional.ofNullable(impl.getProtocol()).orElse("smtp"));
        transport.connect(impl.getHost(), impl.getPort(), impl.getUsername(), impl.getPassword());
        return transport;
    }

    /** The mail as every recipient of the step sees it (To: all of them); only this row's address is the envelope. */
    private MimeMessage build(Message m, Delivery d) throws MessagingException {
        String messageIdHeader = "<" + d.idemKey() + "@aftermath>";
        MimeMessage mime = new MimeMessage(session()) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageIdHeader);
            }
        };
        MimeMessageHelper helper = new MimeMessageHelper(mime, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED,
                StandardCharsets.UTF_8.name()) {
            @Override
            protected FileTypeMap getDefaultFileTypeMap(MimeMessage mimeMessage) {
                return FILE_TYPES; // Spring would read mime.types from the classpath again for every mail
            }
        };
        helper.setFrom(from);
        helper.setTo(InternetAddress.parse(m.toHeader()));
        helper.setSubject(m.subject());
        helper.setSentDate(Date.from(m.created()));
        helper.setText(m.text(), m.html());
        for (Mailer.Attachment a : m.attachments()) {
            helper.addAttachment(a.filename(), new ByteArrayResource(a.content()), a.contentType());
        }
        mime.setHeader("X-Aftermath-Message", m.id());
        if (d.userId() != null) {
            mime.setHeader("X-Aftermath-Recipient", d.userId());
        }
        mime.saveChanges();
        return mime;
    }

    /** The SMTP reply code of a failure, when the mail provider reports one. */
    private static Integer smtpCode(Throwable e) {
        for (Throwable t = e; t != null; t = t instanceof MessagingException me && me.getNextException() != null
                ? me.getNextException() : t.getCause()) {
            try {
                Object code = t.getClass().getMethod("getReturnCode").invoke(t);
                if (code instanceof Integer c && c > 0) {
                    return c;
                }
            } catch (ReflectiveOperationException ignored) {
                // not an SMTP exception
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return t == e ? m : m + " (" + t.getClass().getSimpleName() + ": " + t.getMessage() + ")";
    }

    private static void closeQuietly(Transport t) {
        if (t != null) {
            try {
                t.close();
            } catch (MessagingException ignored) {
                // closing a broken connection
            }
        }
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1999) + "…";
    }

    /** Rows per status (metrics and the admin page). */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new HashMap<>(Map.of(PENDING, 0L, SENDING, 0L, SENT, 0L, FAILED, 0L));
        jdbc.sql("select status, count(*) from am_mail_delivery group by status")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list()
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }
}
