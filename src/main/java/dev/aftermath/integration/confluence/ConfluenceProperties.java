package dev.aftermath.integration.confluence;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code aftermath.confluence.*}: Confluence Cloud (REST API v2). Without {@code base-url} no post-mortem is published
 * to a wiki. Read at every call.
 */
@ConfigurationProperties("aftermath.confluence")
public class ConfluenceProperties {

    /** https://your-site.atlassian.net (the API is under /wiki/api/v2). */
    private String baseUrl = "";
    private String userEmail = "";
    private String apiToken = "";
    /** The numeric id of the space the pages go to, and of the page they are created under. */
    private String spaceId = "";
    private String parentPageId = "";

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

    public String getSpaceId() {
        return spaceId;
    }

    public void setSpaceId(String spaceId) {
        this.spaceId = spaceId == null ? "" : spaceId.trim();
    }

    public String getParentPageId() {
        return parentPageId;
    }

    public void setParentPageId(String parentPageId) {
        this.parentPageId = parentPageId == null ? "" : parentPageId.trim();
    }
}
