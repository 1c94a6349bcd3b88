package dev.aftermath.quality;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.aftermath.quality.QualityRound.Verdict;

@Repository
public class QualityRoundRepository {

    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    private final Clock clock;

    public QualityRoundRepository(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<QualityRound> rounds(String incidentId) {
        return jdbc.sql("select * from am_quality_round where incident_id = ? order by round_no").param(incidentId)
                .query((rs, row) -> new QualityRound(rs.getInt("round_no"), QualityStage.valueOf(rs.getString("stage")),
                        Verdict.valueOf(rs.getString("verdict")), rs.getInt("blocking_count"),
                        rs.getInt("warning_count"), rs.getBoolean("acknowledged"), read(rs.getString("findings")),
                        rs.getObject("checked_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Whether warnings of this stage were already shown to the author by sending the document back. */
    public boolean warnedBefore(String incidentId, QualityStage stage) {
        return jdbc.sql("""
                select count(*) from am_quality_round
                where incident_id = ? and stage = ? and verdict = 'SENT_BACK' and warning_count > 0""")
                .params(incidentId, stage.name()).query(Integer.class).single() > 0;
    }

    public QualityRound add(String incidentId, QualityStage stage, Verdict verdict, boolean acknowledged,
                            List<QualityFinding> findings) {
        int round = jdbc.sql("select coalesce(max(round_no), 0) from am_quality_round where incident_id = ?")
                .param(incidentId).query(Integer.class).single() + 1;
        int blocking = (int) findings.stream().filter(f -> f.severity() == QualityFinding.Severity.BLOCKING).count();
        int warnings = findings.size() - blocking;
        List<Map<String, Object>> maps = findings.stream().map(QualityFinding::toMap).toList();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into am_quality_round (incident_id, round_no, stage, verdict, blocking_count, warning_count,
                  acknowledged, findings, checked_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(incidentId, round, stage.name(), verdict.name(), blocking, warnings, acknowledged, write(maps),
                        now.atOffset(ZoneOffset.UTC))
                .update();
        return new QualityRound(round, stage, verdict, blocking, warnings, acknowledged, maps, now);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Map<String, Object>> read(String value) {
        try {
            return json.readValue(value, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored quality findings are not JSON", e);
        }
    }
}
