package dev.aftermath.integration.jira;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code aftermath.jira.*}: Jira Cloud (REST API v3). Without {@code base-url} nothing of the Jira integration runs
 * and the generic ticket webhook ({@code aftermath.tickets.webhook-url}) works as before. Read at every call, so a
 * changed value applies at once.
 */
@ConfigurationProperties("aftermath.jira")
public class JiraProperties {

    /** https://your-site.atlassian.net */
    private String baseUrl = "";
    /** The Atlassian account e-mail and API token the calls are made with (from the environment). */
    private String userEmail = "";
    private String apiToken = "";
    private String projectKey = "";
    /**
     * Where the action items of restricted post-mortems go: a project only their people can read, and/or the id (or
     * name) of an issue security level set on their issues. Without either, those items stay in Aftermath.
     */
    private String restrictedProjectKey = "";
    private String restrictedSecurityLevel = "";
    private String issueType = "Task";
    /** Aftermath priority (HIGH, MEDIUM, LOW) to Jira priority name. */
    private Map<String, String> priorities = new LinkedHashMap<>(Map.of("HIGH", "High", "MEDIUM", "Medium",
            "LOW", "Low"));
    /** The status category key that means done (Jira's own: "done"). */
    private String doneStatusCategory = "done";
    /** The resolution a dropped item's issue is closed with. */
    private String dropResolution = "Won't Do";
    /** The secret of the Jira webhook ({@code X-Hub-Signature: sha256=<HMAC of the body>}); without it 401. */
    private String webhookSecret = "";

    public boolean active() {
        return baseUrl != null && !baseUrl.isBlank();
    }

    public String base() {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl == null ? "" : baseUrl.trim();
    }

    public String getUserEmail() {
        return userEmail;
    }

    public void setUserEmail(String userEmail) {
        this.userEmail = userEmail == null ? "" : userEmail.trim();
    }

    public String getApiToken() {
        return apiToken;
    }

    public void setApiToken(String apiToken) {
        this.apiToken = apiToken == null ? "" : apiToken.trim();
    }

    public String getProjectKey() {
        return projectKey;
    }

    public void setProjectKey(String projectKey) {
        this.projectKey = projectKey == null ? "" : projectKey.trim();
    }

    /** Whether restricted items have a place in Jira (a restricted project or an issue security level). */
    public boolean restrictedTarget() {
        return !restrictedProjectKey.isBlank() || !restrictedSecurityLevel.isBlank();
    }

    public String getRestrictedProjectKey() {
        return restrictedProjectKey;
    }

    public void setRestrictedProjectKey(String restrictedProjectKey) {
        this.restrictedProjectKey = restrictedProjectKey == null ? "" : restrictedProjectKey.trim();
    }

    public String getRestrictedSecurityLevel() {
        return restrictedSecurityLevel;
    }

    public void setRestrictedSecurityLevel(String restrictedSecurityLevel) {
        this.restrictedSecurityLevel = restrictedSecurityLevel == null ? "" : restrictedSecurityLevel.trim();
    }

    public String getIssueType() {
        return issueType;
    }

    public void setIssueType(String issueType) {
        this.issueType = issueType;
    }

    public Map<String, String> getPriorities() {
        return priorities;
    }

    public void setPriorities(Map<String, String> priorities) {
        this.priorities = priorities == null ? new LinkedHashMap<>() : new LinkedHashMap<>(priorities);
    }

    public String getDoneStatusCategory() {
        return doneStatusCategory;
    }

    public void setDoneStatusCategory(String doneStatusCategory) {
        this.doneStatusCategory = doneStatusCategory;
    }

    public String getDropResolution() {
        return dropResolution;
    }

    public void setDropResolution(String dropResolution) {
        this.dropResolution = dropResolution;
    }

    public String getWebhookSecret() {
        return webhookSecret;
    }

    public void setWebhookSecret(String webhookSecret) {
        this.webhookSecret = webhookSecret == null ? "" : webhookSecret.trim();
    }
}
