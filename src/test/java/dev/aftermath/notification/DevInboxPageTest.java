package dev.aftermath.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import dev.aftermath.support.ProcessTestSupport;

/** Issue 21: the dev inbox a person reads a task mail in links back to Tasklist, where the task is. */
class DevInboxPageTest extends ProcessTestSupport {

    @Autowired TestRestTemplate http;

    @Test
    void the_inbox_links_back_to_tasklist() {
        ResponseEntity<String> page = http.withBasicAuth("priya", "priya").getForEntity("/inbox", String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("<a href=\"/camunda/app/tasklist/default/\" id=\"back-to-tasklist\">")
                .contains("Back to Tasklist");
    }
}
