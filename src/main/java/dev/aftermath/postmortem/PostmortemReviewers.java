package dev.aftermath.postmortem;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.template.Formats;

/**
 * {@code ${postmortemReviewers}}: the users named as {@code reviewers} at role assignment. They get the pre-read and
 * are candidate users of Task_ApprovePublication beside {@code tech-leads} (the author never approves their own
 * document, so the author is left out).
 */
@Component("postmortemReviewers")
public class PostmortemReviewers {

    /** The reviewers as a list of user ids (empty when none were named). */
    public List<String> of(VariableScope scope) {
        List<String> ids = new ArrayList<>(Formats.ids(scope.getVariable(Vars.REVIEWERS.name())));
        Object author = scope.getVariable(Vars.AUTHOR.name());
        if (author != null) {
            ids.remove(author.toString());
        }
        return ids;
    }

    /** The recipients of the pre-read: facilitator, attendees and reviewers, comma-separated. */
    public String preRead(VariableScope scope) {
        List<String> to = new ArrayList<>();
        to.addAll(Formats.ids(scope.getVariable(Vars.FACILITATOR.name())));
        to.addAll(Formats.ids(scope.getVariable(Vars.ATTENDEES.name())));
        to.addAll(Formats.ids(scope.getVariable(Vars.REVIEWERS.name())));
        return String.join(",", to.stream().distinct().toList());
    }
}
