package dev.aftermath.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The Slack requests already acted on ({@code am_slack_request}): a request is acted on only when none of its keys
 * (its signature, Slack's {@code trigger_id}, {@code action_ts}) was seen before. Rows are kept {@link #RETENTION}:
 * twice the signature's window, after which a replay fails its timestamp check anyway.
 */
@Repository
public class SlackReplays {

    static final Duration RETENTION = SlackSignature.MAX_AGE.multipliedBy(2);

    private final JdbcClient jdbc;
    private final Clock clock;

    public SlackReplays(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records the keys; false when one of them was recorded before (a replay: act on nothing). */
    public boolean first(Collection<String> keys) {
        Instant now = clock.instant();
        jdbc.sql("delete from am_slack_request where received_at < ?")
                .param(now.minus(RETENTION).atOffset(ZoneOffset.UTC)).update();
        boolean first = true;
        for (String key : keys) {
            if (key == null || key.isBlank()) {
                continue;
            }
            String k = key.length() > 300 ? key.substring(0, 300) : key;
            try {
                jdbc.sql("insert into am_slack_request (request_key, received_at) values (?, ?)")
                        .params(k, now.atOffset(ZoneOffset.UTC)).update();
            } catch (DuplicateKeyException seen) {
                first = false;
            }
        }
        return first;
    }
}
