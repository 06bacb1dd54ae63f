package io.socialsync.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.socialsync.testsupport.WireMockPeer;

/** WireMock on a dynamic port playing the Telegram Bot API ({@code /bot{token}/{method}}). */
public class TelegramApiMock extends WireMockPeer {

    public TelegramApiMock() {
        super(TelegramApiMock::callsSucceed);
    }

    public static WireMockServer server() {
        return server(TelegramApiMock.class, TelegramApiMock::callsSucceed);
    }

    /** A path pattern for one Bot API method, whatever the token. */
    public static String method(String name) {
        return "/bot[^/]+/" + name;
    }

    /** Every call succeeds unless a test stubs otherwise; a sent message gets a fresh message id. */
    private static void callsSucceed(WireMockServer server) {
        server.stubFor(post(urlPathMatching(method("sendMessage"))).atPriority(10)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"ok\":true,\"result\":{\"message_id\":{{randomInt lower=1000 upper=900000}},"
                                + "\"date\":1764547200,\"chat\":{\"id\":1,\"type\":\"private\"},\"text\":\"-\"}}")
                        .withTransformers("response-template")));
        // A person's photo or document (multipart).
        for (String media : new String[]{"sendPhoto", "sendDocument"}) {
            server.stubFor(post(urlPathMatching(method(media))).atPriority(10)
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"ok\":true,\"result\":{\"message_id\":{{randomInt lower=1000 upper=900000}},"
                                    + "\"date\":1764547200,\"chat\":{\"id\":1,\"type\":\"private\"}}}")
                            .withTransformers("response-template")));
        }
        server.stubFor(post(urlPathMatching(method("sendChatAction"))).atPriority(10)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"ok\":true,\"result\":true}")));
    }

    @Override
    protected Map<String, String> properties(String baseUrl) {
        return Map.of("quarkus.rest-client.telegram-bot.url", baseUrl);
    }
}
