package dev.aftermath.identity.oidc;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code aftermath.identity.oidc.*}: single sign-on at an OpenID Connect provider (used when
 * {@code aftermath.identity.mode=oidc}). The provider is found by discovery at {@code issuerUri}; the browser login
 * uses the client id and secret (redirect URI {@code {base}/login/oauth2/code/{registrationId}}); bearer tokens for
 * {@code /api} are JWTs signed with the provider's keys (its JWKS) and issued by {@code issuerUri}, and when
 * {@code audience} is set they must name it. The user id is the {@code userClaim} of the token, the directory groups
 * the {@code groupsClaim} (a list, or a comma-separated string), mapped to roles by {@code aftermath.identity.group-roles}.
 */
@ConfigurationProperties("aftermath.identity.oidc")
public record OidcProperties(String issuerUri, String clientId, String clientSecret, String registrationId,
                             List<String> scopes, String userClaim, String groupsClaim, String audience,
                             String postLogoutRedirectUri) {

    public OidcProperties {
        registrationId = blank(registrationId) ? "oidc" : registrationId.trim();
        scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile", "email") : List.copyOf(scopes);
        userClaim = blank(userClaim) ? "preferred_username" : userClaim.trim();
        groupsClaim = blank(groupsClaim) ? "groups" : groupsClaim.trim();
        audience = blank(audience) ? null : audience.trim();
        postLogoutRedirectUri = blank(postLogoutRedirectUri) ? "{baseUrl}/" : postLogoutRedirectUri.trim();
    }

    static boolean blank(String value) {
        return value == null || value.isBlank() || value.contains("${");
    }
}
