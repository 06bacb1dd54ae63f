package io.socialsync.ingest.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.socialsync.testsupport.WireMockPeer;

/** WireMock on a dynamic port playing the Telegram Bot API ({@code /bot{token}/answerCallbackQuery}). */
public class TelegramBotMock extends WireMockPeer {

    public TelegramBotMock() {
        super(TelegramBotMock::answersSucceed);
    }

    static WireMockServer server() {
        return server(TelegramBotMock.class, TelegramBotMock::answersSucceed);
    }

    private static void answersSucceed(WireMockServer server) {
        server.stubFor(post(urlPathMatching("/bot[^/]+/answerCallbackQuery"))
                .willReturn(okJson("{\"ok\":true,\"result\":true}")));
    }

    @Override
    protected Map<String, String> properties(String baseUrl) {
        return Map.of("quarkus.rest-client.telegram-bot.url", baseUrl);
    }
}
