package io.socialsync.responder.admin;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/**
 * The OpenAPI document's header (served at {@code /q/openapi}): how a caller authenticates. An {@link Application}
 * because that is where the scanner reads these annotations; it restricts nothing (no classes listed).
 */
@OpenAPIDefinition(info = @Info(title = "SocialSync responder admin API", version = "1", description = "A tenant's knowledge base and API keys, and the operator endpoints. Every endpoint needs a "
        + "tenant API key (ssk_…), the operator key, or (when configured) an OIDC access token."), security = {
                @SecurityRequirement(name = AdminApiDefinition.BEARER),
                @SecurityRequirement(name = AdminApiDefinition.API_KEY)})
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = AdminApiDefinition.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", description = "A tenant API key, the operator key, or an OIDC access token"),
        @SecurityScheme(securitySchemeName = AdminApiDefinition.API_KEY, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER, apiKeyName = "X-Api-Key", description = "A tenant API key or the operator key")})
public class AdminApiDefinition extends Application {

    static final String BEARER = "bearer";
    static final String API_KEY = "apiKey";
}
