package dev.aftermath.postmortem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.template.Formats;

/**
 * {@code ${postmortemReviewers}}: the users named as {@code reviewers} at role assignment. They get the pre-read and
 * are candidate users of Task_ApprovePublication beside {@code tech-leads} (the author never approves their own
 * document, so the author is left out). The diagram hands over the variables ({@code execution.variables}).
 */
@Component("postmortemReviewers")
public class PostmortemReviewers {

    /** The reviewers as a list of user ids (empty when none were named). */
    public List<String> of(Map<String, Object> variables) {
        List<String> ids = new ArrayList<>(Formats.ids(variables.get(Vars.REVIEWERS.name())));
        Object author = variables.get(Vars.AUTHOR.name());
        if (author != null) {
            ids.remove(author.toString());
        }
        return ids;
    }

    /** The recipients of the pre-read: facilitator, attendees and reviewers, comma-separated. */
    public String preRead(Map<String, Object> variables) {
        List<String> to = new ArrayList<>();
        to.addAll(Formats.ids(variables.get(Vars.FACILITATOR.name())));
        to.addAll(Formats.ids(variables.get(Vars.ATTENDEES.name())));
        to.addAll(Formats.ids(variables.get(Vars.REVIEWERS.name())));
        return String.join(",", to.stream().distinct().toList());
    }
}
