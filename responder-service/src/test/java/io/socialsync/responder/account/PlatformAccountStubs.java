package io.socialsync.responder.account;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.UUID;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.platform.GraphStubs;

/** The Graph API's account endpoints as WireMock plays them, per account and token (fresh ones per test). */
final class PlatformAccountStubs {

    private PlatformAccountStubs() {
    }

    static String phoneNumberId() {
        return String.valueOf(100_000_000_000_000L + (long) (Math.random() * 800_000_000_000_000L));
    }

    static String token() {
        return "EAAG-test-" + UUID.randomUUID();
    }

    /** WhatsApp: {@code GET /{phone_number_id}} with exactly this token answers {@code answer}. */
    static void whatsAppNumber(String phoneNumberId, String token, ResponseDefinitionBuilder answer) {
        GraphApiMock.server().stubFor(get(urlPathEqualTo("/" + phoneNumberId))
                .withQueryParam("fields", equalTo("display_phone_number,verified_name,quality_rating"))
                .withHeader("Authorization", equalTo("Bearer " + token)).willReturn(answer));
    }

    static ResponseDefinitionBuilder number(String phoneNumberId, String verifiedName) {
        return json("{\"display_phone_number\":\"+1 555-0100\",\"verified_name\":\"" + verifiedName
                + "\",\"quality_rating\":\"GREEN\",\"id\":\"" + phoneNumberId + "\"}");
    }

    static void wabaSubscription(String wabaId, String token, ResponseDefinitionBuilder answer) {
        GraphApiMock.server().stubFor(post(urlPathEqualTo("/" + wabaId + "/subscribed_apps"))
                .withHeader("Authorization", equalTo("Bearer " + token)).willReturn(answer));
    }

    /** Instagram: {@code GET /me} with this token answers the account {@code userId}. */
    static void instagramMe(String token, ResponseDefinitionBuilder answer) {
        GraphApiMock.server().stubFor(get(urlPathEqualTo("/me")).withQueryParam("fields", equalTo("user_id,username"))
                .withHeader("Authorization", equalTo("Bearer " + token)).willReturn(answer));
    }

    static ResponseDefinitionBuilder me(String userId, String username) {
        return json("{\"user_id\":\"" + userId + "\",\"username\":\"" + username + "\",\"id\":\"app-scoped-"
                + userId + "\"}");
    }

    static void instagramSubscription(String token, ResponseDefinitionBuilder answer) {
        GraphApiMock.server().stubFor(post(urlPathEqualTo("/me/subscribed_apps"))
                .withQueryParam("subscribed_fields",
                        equalTo("messages,messaging_postbacks,messaging_seen,message_reactions"))
                .withHeader("Authorization", equalTo("Bearer " + token)).willReturn(answer));
    }

    static ResponseDefinitionBuilder success() {
        return json("{\"success\":true}");
    }

    static ResponseDefinitionBuilder graphError(int status, int code) {
        return GraphStubs.graphError(status, code);
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
