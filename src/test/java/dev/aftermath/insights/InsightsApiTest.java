package dev.aftermath.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.aftermath.support.ProcessTestSupport;

/**
 * {@code GET /api/insights} over the seeded set ({@link InsightsSeed}, January–March 2019): every number equals the
 * value computed by hand in the comments; filters change them; a restricted incident counts only for its
 * participant; the CSV exports parse back and neutralise formulas.
 */
class InsightsApiTest extends ProcessTestSupport {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static final String PERIOD = "from=2019-01-01&to=2019-03-31";

    @Autowired TestRestTemplate http;
    @Autowired JdbcClient jdbc;

    @BeforeEach
    void seed() {
        InsightsSeed.seed(jdbc);
    }

    private Map<String, Object> get(String user, String query) {
        ResponseEntity<Map<String, Object>> r = http.withBasicAuth(user, user)
                .exchange("/api/insights?" + query, HttpMethod.GET, null, JSON);
        assertThat(r.getStatusCode()).as(query + ": " + r.getBody()).isEqualTo(HttpStatus.OK);
        return r.getBody();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        return (List<Map<String, Object>>) m.get(key);
    }

    @Test
    void every_number_equals_the_hand_computed_value() {
        Map<String, Object> r = get("alex", PERIOD);

        Map<String, Object> incidents = map(r, "incidents");
        // INS-01..INS-12 (INS-00 resolved 2018-12-31 is before the period; INS-R13 is restricted, alex is no participant)
        assertThat(incidents.get("count")).isEqualTo(12);
        // SEV1: 01,05,10  SEV2: 02,06,09  SEV3: 03,07,11  SEV4: 04,08,12
        assertThat(map(incidents, "bySeverity")).isEqualTo(Map.of("SEV1", 3, "SEV2", 3, "SEV3", 3, "SEV4", 3));
        // TTD 10+20+5+0+15+30+10+5+10+20+5+10 = 140; 140/12 = 11.67
        assertThat(incidents.get("mttdMinutes")).isEqualTo(11.7);
        // TTE 5+10+5+2+5+10+10+1+5+5+5+10 = 73; 73/12 = 6.08
        assertThat(incidents.get("mtteMinutes")).isEqualTo(6.1);
        // TTR 60+120+30+20+90+240+50+15+100+180+40+10 = 955; 955/12 = 79.58
        assertThat(incidents.get("mttrMinutes")).isEqualTo(79.6);
        // ins-api: 01,02,05,08,09,11 TTR 60+120+90+15+100+40 = 425/6 = 70.83; ins-web: 30+20+240+50+180+10 = 530/6 = 88.33
        assertThat(list(incidents, "byService")).containsExactly(
                Map.of("service", "ins-api", "count", 6, "mttrMinutes", 70.8),
                Map.of("service", "ins-web", "count", 6, "mttrMinutes", 88.3));

        Map<String, Object> pm = map(r, "postmortems");
        // REQUIRED 01,02,05,06,09,10 + 07 (team decision, post-mortem written) = 7
        assertThat(pm.get("required")).isEqualTo(7);
        // published 01,02,05,06,09,10
        assertThat(pm.get("published")).isEqualTo(6);
        // on time: 01 (24 h <= 48), 05 (40 <= 48), 09 (70 <= 72), 10 (30 <= 48); late: 02 (96 > 72), 06 (80 > 72)
        assertThat(pm.get("publishedOnTime")).isEqualTo(4);
        // 4 on time / (6 published + 07 unpublished past its deadline) = 4/7 = 57.14
        assertThat(pm.get("onTimePercent")).isEqualTo(57.1);
        // hours to publish 24,30,40,70,80,96 -> median (40+70)/2 = 55
        assertThat(pm.get("medianHoursToPublish")).isEqualTo(55.0);
        // hours to meeting 12,20,24,30,40,50 (06 had none) -> median (24+30)/2 = 27
        assertThat(pm.get("medianHoursToMeeting")).isEqualTo(27.0);
        // review rounds 1+2+0+1+1+0 = 5; 5/6 = 0.83
        assertThat(pm.get("meanReviewRounds")).isEqualTo(0.8);
        // quality rounds 2+3+1+2+1+1 = 10; 10/6 = 1.67
        assertThat(pm.get("meanQualityRounds")).isEqualTo(1.7);
        // 02 "Human error" and 06 empty are not identified: 4/6 = 66.67
        assertThat(pm.get("rootCauseIdentifiedPercent")).isEqualTo(66.7);
        // items per published post-mortem 4+2+3+1+2+1 = 13; 13/6 = 2.17
        assertThat(pm.get("meanActionItems")).isEqualTo(2.2);

        Map<String, Object> ai = map(r, "actionItems");
        // due Jan-Mar: all seeded items but INS-10/AI-1 (due 2019-04-10) and the restricted one = 12
        assertThat(ai.get("total")).isEqualTo(12);
        // OPEN/OVERDUE: 01/4, 02/2, 05/1, 05/3, 06/1, 09/2
        assertThat(ai.get("open")).isEqualTo(6);
        // OVERDUE at level 0: 02/2, 1: 05/1, 2: 05/3, 3: 06/1, 4: 01/4
        assertThat(map(ai, "overdueByLevel")).isEqualTo(Map.of("0", 1, "1", 1, "2", 1, "3", 1, "4", 1));
        // DONE: 01/1, 01/2, 02/1, 05/2, 09/1
        assertThat(ai.get("done")).isEqualTo(5);
        // on time: 01/1 (Jan 15 <= Jan 20), 02/1 (Feb 1 23:30, the end of its due day), 05/2 (Mar 4 <= Mar 5);
        // late: 01/2 (Feb 5 > Jan 31), 09/1 (Mar 25 > Mar 20)
        assertThat(ai.get("doneOnTime")).isEqualTo(3);
        // every due date has passed: 3 on time / 12 = 25
        assertThat(ai.get("completionRatePercent")).isEqualTo(25.0);
        // HIGH due and passed: 01/1 D, 01/4, 02/1 D, 05/1, 06/1, 09/1 D -> 3/6 = 50
        assertThat(ai.get("highCompletionPercent")).isEqualTo(50.0);
        // 01/3
        assertThat(ai.get("dropped")).isEqualTo(1);
        // days created -> done: 9 (01/1) + 30 (01/2) + 16 (02/1) + 27 (05/2) + 19 (09/1) = 101; 101/5 = 20.2
        assertThat(ai.get("meanDaysToComplete")).isEqualTo(20.2);
        // alex: 01/3 dropped, 02/2 overdue, 05/1 overdue, 09/2 open; carlos: 01/2 done, 02/1 done, 05/3 + 06/1 overdue;
        // priya: 01/1 done, 01/4 overdue, 05/2 done, 09/1 done
        assertThat(list(ai, "byOwner")).containsExactly(
                Map.of("owner", "alex", "open", 3, "overdue", 2, "done", 0),
                Map.of("owner", "carlos", "open", 2, "overdue", 2, "done", 2),
                Map.of("owner", "priya", "open", 1, "overdue", 1, "done", 3));

        // published post-mortems by quarter of resolution: 01 CAPACITY, 02 DEPLOYMENT, 05 DEPENDENCY, 06 none,
        // 09 CAPACITY, 10 MONITORING
        assertThat(list(r, "causeCategories")).containsExactly(
                Map.of("quarter", "2019-Q1", "category", "CAPACITY", "count", 2),
                Map.of("quarter", "2019-Q1", "category", "DEPENDENCY", "count", 1),
                Map.of("quarter", "2019-Q1", "category", "DEPLOYMENT", "count", 1),
                Map.of("quarter", "2019-Q1", "category", "MONITORING", "count", 1),
                Map.of("quarter", "2019-Q1", "category", "UNCATEGORISED", "count", 1));

        // pool-exhausted on ins-api: 01 published 2019-01-06 12:00 (+24 h) -> 05, 08, 11 resolved later;
        // 05 published 2019-02-05 04:00 (+40 h) -> 08, 11
        assertThat(list(r, "recurrences")).containsExactly(
                Map.of("service", "ins-api", "symptom", "pool-exhausted", "postmortemId", "INS-01",
                        "publishedAt", "2019-01-06T12:00:00Z", "occurrencesAfter", 3),
                Map.of("service", "ins-api", "symptom", "pool-exhausted", "postmortemId", "INS-05",
                        "publishedAt", "2019-02-05T04:00:00Z", "occurrencesAfter", 2));

        // Jan: 01,02,03,04 TTR (60+120+30+20)/4 = 57.5; published 01,02, on time 01 -> 1/2; items due Jan 01/1 on
        //   time, 01/2 late -> 1/2
        // Feb: 05,06,07,08 TTR (90+240+50+15)/4 = 98.75; published 05,06; on time 05 of 05,06,07 -> 1/3; items due Feb
        //   02/1 on time, 02/2, 01/3, 01/4 -> 1/4
        // Mar: 09,10,11,12 TTR (100+180+40+10)/4 = 82.5; published 09,10 both on time -> 2/2; items due Mar 05/1,
        //   05/2 on time, 05/3, 06/1, 09/1 late, 09/2 -> 1/6
        assertThat(list(r, "trend")).containsExactly(
                Map.of("month", "2019-01", "incidents", 4, "mttrMinutes", 57.5, "published", 2, "onTimePercent", 50.0,
                        "completionRatePercent", 50.0),
                Map.of("month", "2019-02", "incidents", 4, "mttrMinutes", 98.8, "published", 2, "onTimePercent", 33.3,
                        "completionRatePercent", 25.0),
                Map.of("month", "2019-03", "incidents", 4, "mttrMinutes", 82.5, "published", 2,
                        "onTimePercent", 100.0, "completionRatePercent", 16.7));

        // targets from processes/insights-targets.json
        assertThat(list(r, "targets")).extracting(t -> t.get("metric"), t -> t.get("target"), t -> t.get("actual"),
                t -> t.get("met")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("postmortems.medianHoursToPublish", "< 72 h", 55.0, true),
                org.assertj.core.groups.Tuple.tuple("postmortems.medianHoursToMeeting", "< 48 h", 27.0, true),
                org.assertj.core.groups.Tuple.tuple("postmortems.rootCauseIdentifiedPercent", ">= 100 %", 66.7, false),
                org.assertj.core.groups.Tuple.tuple("postmortems.meanActionItems", "5-10", 2.2, false),
                org.assertj.core.groups.Tuple.tuple("actionItems.completionRatePercent", "> 90 %", 25.0, false),
                org.assertj.core.groups.Tuple.tuple("actionItems.highCompletionPercent", ">= 100 %", 50.0, false),
                org.assertj.core.groups.Tuple.tuple("postmortems.onTimePercent", ">= 100 %", 57.1, false),
                // 3 + 2 recurring incidents
                org.assertj.core.groups.Tuple.tuple("recurrences.occurrencesAfter", "<= 0", 5.0, false));
        assertThat(list(r, "targets")).allSatisfy(t -> assertThat(t).containsKeys("name", "target", "actual", "met"));
    }

    @Test
    void the_service_filter_keeps_one_service() {
        Map<String, Object> r = get("alex", PERIOD + "&service=INS-WEB");
        Map<String, Object> incidents = map(r, "incidents");
        // 03,04,06,07,10,12
        assertThat(incidents.get("count")).isEqualTo(6);
        assertThat(map(incidents, "bySeverity")).isEqualTo(Map.of("SEV1", 1, "SEV2", 1, "SEV3", 2, "SEV4", 2));
        // 530/6 = 88.33
        assertThat(incidents.get("mttrMinutes")).isEqualTo(88.3);
        Map<String, Object> pm = map(r, "postmortems");
        // required 06, 07, 10; published 06, 10; on time 10 -> 1/3
        assertThat(pm.get("required")).isEqualTo(3);
        assertThat(pm.get("published")).isEqualTo(2);
        assertThat(pm.get("onTimePercent")).isEqualTo(33.3);
        // hours to publish 30, 80 -> 55; root cause: 10 yes, 06 empty -> 50
        assertThat(pm.get("medianHoursToPublish")).isEqualTo(55.0);
        assertThat(pm.get("rootCauseIdentifiedPercent")).isEqualTo(50.0);
        Map<String, Object> ai = map(r, "actionItems");
        // only 06/1 (overdue, level 3) is due in the period; 10/1 is due in April
        assertThat(ai.get("total")).isEqualTo(1);
        assertThat(map(ai, "overdueByLevel")).isEqualTo(Map.of("0", 0, "1", 0, "2", 0, "3", 1, "4", 0));
        assertThat(ai.get("completionRatePercent")).isEqualTo(0.0);
        assertThat(ai.get("meanDaysToComplete")).isNull();
        assertThat(list(r, "recurrences")).isEmpty();
    }

    @Test
    void the_severity_filter_keeps_one_severity() {
        Map<String, Object> r = get("alex", PERIOD + "&severity=sev1");
        // 01, 05, 10: TTR (60+90+180)/3 = 110
        assertThat(map(r, "incidents").get("count")).isEqualTo(3);
        assertThat(map(r, "incidents").get("mttrMinutes")).isEqualTo(110.0);
        // all three published on time
        assertThat(map(r, "postmortems").get("onTimePercent")).isEqualTo(100.0);
        Map<String, Object> ai = map(r, "actionItems");
        // items of 01 (4) and 05 (3); done on time 01/1, 05/2 -> 2/7 = 28.57
        assertThat(ai.get("total")).isEqualTo(7);
        assertThat(ai.get("completionRatePercent")).isEqualTo(28.6);
        // only 05 is a SEV1 incident after 01's publication (08 and 11 are SEV4 and SEV3)
        assertThat(list(r, "recurrences")).singleElement()
                .satisfies(x -> assertThat(x).containsEntry("postmortemId", "INS-01").containsEntry("occurrencesAfter", 1));
    }

    @Test
    void the_period_counts_by_resolution_date_and_the_due_date() {
        Map<String, Object> r = get("alex", "from=2019-02-01&to=2019-02-28");
        // 05,06,07,08
        assertThat(map(r, "incidents").get("count")).isEqualTo(4);
        assertThat(list(r, "trend")).singleElement().satisfies(m -> assertThat(m).containsEntry("month", "2019-02"));
        // items due in February: 02/1, 02/2, 01/3, 01/4
        assertThat(map(r, "actionItems").get("total")).isEqualTo(4);
        // INS-00 (2018-12-31) counts from December on
        assertThat(map(get("alex", "from=2018-12-01&to=2019-01-31"), "incidents").get("count")).isEqualTo(5);
    }

    @Test
    void a_restricted_incident_counts_only_for_who_may_see_it() {
        Map<String, Object> outsider = get("alex", PERIOD);
        Map<String, Object> participant = get("priya", PERIOD);
        Map<String, Object> admin = get("demo", PERIOD);
        assertThat(map(outsider, "incidents").get("count")).isEqualTo(12);
        // + INS-R13 (SEV1, TTR 300): (955 + 300)/13 = 96.54
        assertThat(map(participant, "incidents").get("count")).isEqualTo(13);
        assertThat(map(map(participant, "incidents"), "bySeverity").get("SEV1")).isEqualTo(4);
        assertThat(map(participant, "incidents").get("mttrMinutes")).isEqualTo(96.5);
        assertThat(map(admin, "incidents").get("count")).isEqualTo(13);
        // its post-mortem and action item too
        assertThat(map(outsider, "postmortems").get("published")).isEqualTo(6);
        assertThat(map(participant, "postmortems").get("published")).isEqualTo(7);
        assertThat(map(outsider, "actionItems").get("total")).isEqualTo(12);
        assertThat(map(participant, "actionItems").get("total")).isEqualTo(13);
        // CSV too
        assertThat(csv("alex", "incidents.csv", PERIOD)).extracting(c -> c.get("id")).doesNotContain("INS-R13");
        assertThat(csv("priya", "incidents.csv", PERIOD)).extracting(c -> c.get("id")).contains("INS-R13");
    }

    @Test
    void bad_parameters_answer_400_naming_the_parameter() {
        assertBad("from=2019-13-01", "from");
        assertBad("to=yesterday", "to");
        assertBad("severity=SEV9", "severity");
        assertBad("from=2019-03-01&to=2019-02-01", "from");
        ResponseEntity<String> anonymous = http.getForEntity("/api/insights", String.class);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void without_dates_the_last_90_days() {
        Map<String, Object> r = get("alex", "");
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        assertThat(map(r, "period")).containsEntry("to", today.toString())
                .containsEntry("from", today.minusDays(89).toString());
    }

    private void assertBad(String query, String field) {
        ResponseEntity<String> r = http.withBasicAuth("alex", "alex").getForEntity("/api/insights?" + query,
                String.class);
        assertThat(r.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(r.getBody()).contains("\"" + field + "\"").doesNotContainIgnoringCase("exception");
    }

    private List<CSVRecord> csv(String user, String file, String query) {
        ResponseEntity<String> r = http.withBasicAuth(user, user).getForEntity("/api/insights/" + file + "?" + query,
                String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(r.getHeaders().getContentType().toString()).startsWith("text/csv");
        try {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(r.getBody())).getRecords();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void csv_exports_parse_back_and_neutralise_formulas() {
        List<CSVRecord> incidents = csv("alex", "incidents.csv", PERIOD);
        assertThat(incidents).hasSize(12);
        CSVRecord three = incidents.stream().filter(c -> c.get("id").equals("INS-03")).findFirst().orElseThrow();
        assertThat(three.get("title")).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"click\")");
        // RFC 4180 quoting round-trips a comma, quotes and a line break
        CSVRecord four = incidents.stream().filter(c -> c.get("id").equals("INS-04")).findFirst().orElseThrow();
        assertThat(four.get("title")).isEqualTo("Disk full, \"again\"\nsecond line");
        assertThat(four.get("ttrMinutes")).isEqualTo("20.0");
        assertThat(three.get("ttdMinutes")).isEqualTo("5.0");

        List<CSVRecord> postmortems = csv("alex", "postmortems.csv", PERIOD);
        // the 7 post-mortems due
        assertThat(postmortems).extracting(c -> c.get("incidentId"))
                .containsExactly("INS-01", "INS-02", "INS-05", "INS-06", "INS-07", "INS-09", "INS-10");
        assertThat(postmortems.get(1).get("onTime")).isEqualTo("false");
        assertThat(postmortems.get(1).get("hoursToPublish")).isEqualTo("96.0");
        assertThat(postmortems.get(1).get("rootCauseIdentified")).isEqualTo("false");

        List<CSVRecord> items = csv("alex", "action-items.csv", PERIOD);
        assertThat(items).hasSize(12);
        CSVRecord formula = items.stream().filter(c -> c.get("id").equals("INS-09/AI-2")).findFirst().orElseThrow();
        assertThat(formula.get("title")).isEqualTo("'=SUM(A1:A9)");
        CSVRecord onTime = items.stream().filter(c -> c.get("id").equals("INS-02/AI-1")).findFirst().orElseThrow();
        assertThat(onTime.get("doneOnTime")).isEqualTo("true");
        assertThat(onTime.get("daysToComplete")).isEqualTo("16.0");
        assertThat(InsightsCsv.neutralise("+1")).isEqualTo("'+1");
        assertThat(InsightsCsv.neutralise("-1")).isEqualTo("'-1");
        assertThat(InsightsCsv.neutralise("@cmd")).isEqualTo("'@cmd");
        assertThat(InsightsCsv.neutralise("\tx")).isEqualTo("'\tx");
        assertThat(InsightsCsv.neutralise("\rx")).isEqualTo("'\rx");
        assertThat(InsightsCsv.neutralise("plain")).isEqualTo("plain");
    }
}
