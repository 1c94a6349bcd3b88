package dev.aftermath.chat;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.PreDestroy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Posts the chat outbox ({@link ChatNotifier} records it) on any node, as {@code notification.MailDispatcher} delivers
 * mail: after the recording transaction commits, and every {@code poll-interval} for rows that are due (new, retry
 * time come, or claimed by a node whose lease expired). A row is claimed by one conditional UPDATE
 * ({@code PENDING -> SENDING} with a lease), posted and marked SENT with the message's timestamp.
 * <p>
 * Exactly once per intent and channel: Slack's {@code chat.postMessage} has no idempotency key, so every message
 * carries its outbox key in its {@code metadata}. When an attempt's answer was lost (timeout, reset, 5xx) or a node
 * died holding the claim, the row is {@code uncertain}; before posting it again the dispatcher reads the channel's
 * history since the first attempt ({@code conversations.history}, {@code include_all_metadata}) and, if the key is
 * there, marks the row SENT instead of posting. Teams Workflows offers no such look-up: a lost Teams answer is posted
 * again (at least once; README "Chat").
 * <p>
 * Retries grow from {@code retry-initial} to {@code retry-max}; after {@code max-attempts} (or at once, for a refusal
 * such as an unknown channel or a bad token) the row is FAILED: listed at {@code /api/admin/chat-deliveries} and
 * counted in {@code aftermath_chat_deliveries{status="FAILED"}} and {@code aftermath_chat_posts_total{outcome}}.
 */
@Component
public class ChatDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ChatDispatcher.class);

    public static final String PENDING = "PENDING";
    public static final String SENDING = "SENDING";
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SlackWebApi slack;
    private final TeamsWebhook teams;
    private final ChatChannels channels;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String nodeId;
    private final boolean asyncDispatch;
    private final Duration lease;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final int maxAttempts;
    private final ExecutorService pool;
    private final Map<String, Counter> outcomes = new HashMap<>();

    @Value("${aftermath.chat.outbox.poller-enabled:${camunda.bpm.job-execution.enabled:true}}")
    private boolean pollerEnabled;

    public ChatDispatcher(JdbcClient jdbc, PlatformTransactionManager transactionManager, SlackWebApi slack,
                          TeamsWebhook teams, ChatChannels channels, ObjectMapper mapper, Clock clock,
                          @Value("${aftermath.node-id:}") String nodeId,
                          @Value("${aftermath.chat.outbox.async-dispatch:${aftermath.mail.outbox.async-dispatch:true}}")
                          boolean asyncDispatch,
                          @Value("${aftermath.chat.outbox.lease:PT1M}") Duration lease,
                          @Value("${aftermath.chat.outbox.retry-initial:PT15S}") Duration retryInitial,
                          @Value("${aftermath.chat.outbox.retry-max:PT10M}") Duration retryMax,
                          @Value("${aftermath.chat.outbox.max-attempts:12}") int maxAttempts,
                          ObjectProvider<MeterRegistry> meters) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactionManager);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.slack = slack;
        this.teams = teams;
        this.channels = channels;
        this.mapper = mapper;
        this.clock = clock;
        this.nodeId = nodeId == null || nodeId.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : nodeId;
        this.asyncDispatch = asyncDispatch;
        this.lease = lease;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.maxAttempts = maxAttempts;
        this.pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "chat-dispatch");
            t.setDaemon(true);
            return t;
        });
        meters.ifAvailable(registry -> {
            for (String status : List.of(PENDING, SENDING, SENT, FAILED)) {
                Gauge.builder("aftermath.chat.deliveries", () -> counts().getOrDefault(status, 0L))
                        .description("Chat outbox deliveries (one per intent and channel) by status")
                        .tag("status", status).register(registry);
            }
            for (String outcome : List.of("sent", "found-after-lost-answer", "retried", "failed")) {
                outcomes.put(outcome, Counter.builder("aftermath.chat.posts")
                        .description("Chat post attempts of this node by outcome").tag("outcome", outcome)
                        .register(registry));
            }
        });
    }

    /** Posts the due rows once the current transaction commits (at once without one). */
    void dispatchAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    trigger();
                }
            });
        } else {
            trigger();
        }
    }

    private void trigger() {
        if (!asyncDispatch) {
            safely(this::deliverDue);
            return;
        }
        try {
            pool.execute(() -> safely(this::deliverDue));
        } catch (RejectedExecutionException e) {
            LOG.debug("Chat dispatch busy; the poller takes the rows");
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("Chat delivery stopped ({}); the poller retries", e.toString());
        }
    }

    @Scheduled(fixedDelayString = "${aftermath.chat.outbox.poll-interval:PT10S}",
            initialDelayString = "${aftermath.chat.outbox.poll-interval:PT10S}")
    void poll() {
        if (pollerEnabled) {
            safely(this::deliverDue);
        }
    }

    /** Posts every row that is due now; returns how many were posted (or found posted). */
    public synchronized int deliverDue() {
        releaseExpiredClaims();
        int sent = 0;
        for (int round = 0; round < 100; round++) {
            Timestamp now = Timestamp.from(clock.instant());
            List<String> due = tx.execute(s -> jdbc.sql("""
                    select id from am_chat_delivery where status = 'PENDING' and next_attempt_at <= ?
                     order by next_attempt_at, id limit 100""").param(now).query(String.class).list());
            if (due == null || due.isEmpty()) {
                return sent;
            }
            int claimed = 0;
            for (String id : due) {
                Boolean ok = deliver(id);
                if (ok != null) {
                    claimed++;
                    sent += ok ? 1 : 0;
                }
            }
            if (claimed == 0) {
                return sent;
            }
        }
        return sent;
    }

    /** Claims of a node that stopped go back to the queue, uncertain: it may have posted. */
    int releaseExpiredClaims() {
        Timestamp now = Timestamp.from(clock.instant());
        Integer n = tx.execute(s -> jdbc.sql("""
                update am_chat_delivery set status = 'PENDING', uncertain = true, claimed_by = null,
                       claimed_until = null, next_attempt_at = ? where status = 'SENDING' and claimed_until < ?""")
                .params(now, now).update());
        return n == null ? 0 : n;
    }

    private record Row(String id, String key, String kind, String channelName, String address, String payload,
                       int attempts, boolean uncertain, Instant firstAttempt) {
    }

    /** null when another node took the row; true when posted (or found posted). */
    private Boolean deliver(String id) {
        Instant now = clock.instant();
        Integer claimed = tx.execute(s -> jdbc.sql("""
                update am_chat_delivery set status = 'SENDING', claimed_by = ?, claimed_until = ?,
                       attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, ?)
                 where id = ? and status = 'PENDING' and next_attempt_at <= ?""")
                .params(nodeId + "#" + UUID.randomUUID(), Timestamp.from(now.plus(lease)), Timestamp.from(now), id,
                        Timestamp.from(now)).update());
        if (claimed == null || claimed == 0) {
            return null;
        }
        Row row = tx.execute(s -> jdbc.sql("""
                select id, idem_key, kind, channel_name, address, payload, attempts, uncertain, first_attempt_at
                  from am_chat_delivery where id = ?""").param(id)
                .query((rs, i) -> new Row(rs.getString("id"), rs.getString("idem_key"), rs.getString("kind"),
                        rs.getString("channel_name"), rs.getString("address"), rs.getString("payload"),
                        rs.getInt("attempts"), rs.getBoolean("uncertain"),
                        rs.getTimestamp("first_attempt_at").toInstant())).single());
        SlackWebApi.Answer answer;
        try {
            JsonNode payload = mapper.readTree(row.payload());
            if (ChatRouting.SLACK.equals(row.kind())) {
                if (!slack.enabled()) {
                    answer = new SlackWebApi.Answer(SlackWebApi.Outcome.RETRY, null, "No Slack bot token configured");
                } else if (row.uncertain()) {
                    Optional<String> ts;
                    try {
                        // a minute of margin: the engine clock of the node that posted may differ a little
                        ts = slack.findPosted(row.address(), row.key(), row.firstAttempt().minusSeconds(60));
                    } catch (SlackWebApi.CheckFailed e) {
                        release(row, "The last answer was lost and the channel could not be checked: "
                                + e.getMessage(), true);
                        return false;
                    }
                    if (ts.isPresent()) {
                        LOG.info("Chat message {} was posted although its answer was lost (ts {}); not posted again",
                                row.id(), ts.get());
                        markSent(row.id(), ts.get());
                        count("found-after-lost-answer");
                        return true;
                    }
                    answer = slack.postMessage(payload);
                } else {
                    answer = slack.postMessage(payload);
                }
            } else {
                answer = teams.post(channels.routing().teamsUrl(row.channelName()), payload);
            }
        } catch (java.io.IOException | RuntimeException e) {
            answer = new SlackWebApi.Answer(SlackWebApi.Outcome.LOST, null, "Could not post: " + e);
        }
        switch (answer.outcome()) {
            case SENT -> {
                markSent(row.id(), answer.ts());
                count("sent");
                return true;
            }
            case FAILED -> {
                markFailed(row.id(), answer.error());
                count("failed");
                LOG.warn("Chat message {} to {} refused: {}", row.id(), row.address(), answer.error());
            }
            case RETRY -> release(row, answer.error(), row.uncertain());
            case LOST -> release(row, answer.error(), true);
            default -> throw new IllegalStateException();
        }
        return false;
    }

    private void count(String outcome) {
        Counter c = outcomes.get(outcome);
        if (c != null) {
            c.increment();
        }
    }

    private void markSent(String id, String ts) {
        tx.executeWithoutResult(s -> jdbc.sql("""
                update am_chat_delivery set status = 'SENT', sent_at = ?, message_ts = ?, claimed_until = null,
                       uncertain = false, last_error = null where id = ?""")
                .params(Timestamp.from(clock.instant()), ts, id).update());
    }

    private void markFailed(String id, String error) {
        tx.executeWithoutResult(s -> jdbc.sql("""
                update am_chat_delivery set status = 'FAILED', claimed_until = null, last_error = ? where id = ?""")
                .params(abbreviate(error), id).update());
    }

    /** Back to PENDING with the next delay; FAILED after max-attempts. */
    private void release(Row row, String error, boolean uncertain) {
        if (row.attempts() >= maxAttempts) {
            tx.executeWithoutResult(s -> jdbc.sql("""
                    update am_chat_delivery set status = 'FAILED', claimed_until = null, uncertain = ?,
                           last_error = ? where id = ?""")
                    .params(uncertain, abbreviate(error + " (gave up after " + row.attempts() + " attempts)"),
                            row.id()).update());
            count("failed");
            LOG.warn("Chat message {} to {} failed after {} attempts: {}", row.id(), row.address(), row.attempts(),
                    error);
            return;
        }
        count("retried");
        long factor = 1L << Math.min(20, Math.max(0, row.attempts() - 1));
        Duration delay = retryInitial.multipliedBy(factor);
        if (delay.compareTo(retryMax) > 0) {
            delay = retryMax;
        }
        Timestamp next = Timestamp.from(clock.instant().plus(delay));
        tx.executeWithoutResult(s -> jdbc.sql("""
                update am_chat_delivery set status = 'PENDING', next_attempt_at = ?, claimed_by = null,
                       claimed_until = null, uncertain = ?, last_error = ? where id = ?""")
                .params(next, uncertain, abbreviate(error), row.id()).update());
    }

    /**
     * A FAILED (or waiting) row back in the queue, due now, its attempts counted from zero; an uncertain row is still
     * looked up in the channel first. Returns false when it does not exist or was sent.
     */
    public boolean retry(String id) {
        Integer n = tx.execute(s -> jdbc.sql("""
                update am_chat_delivery set status = 'PENDING', attempts = 0, next_attempt_at = ?, claimed_by = null,
                       claimed_until = null where id = ? and status in ('FAILED', 'PENDING')""")
                .params(Timestamp.from(clock.instant()), id).update());
        if (n != null && n > 0) {
            trigger();
            return true;
        }
        return false;
    }

    /** Rows per status (metrics and the admin endpoint). */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new HashMap<>(Map.of(PENDING, 0L, SENDING, 0L, SENT, 0L, FAILED, 0L));
        jdbc.sql("select status, count(*) from am_chat_delivery group by status")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list()
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1999) + "…";
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }
}
