package io.socialsync.responder.media;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.socialsync.testsupport.WireMockPeer;

/**
 * WireMock playing an OpenAI-compatible transcription endpoint, for the test class that declares it; it also tells
 * the responder that the chat model accepts images, so that class sees media understood end to end.
 */
public class TranscriptionMock extends WireMockPeer {

    public static WireMockServer server() {
        return server(TranscriptionMock.class);
    }

    @Override
    protected Map<String, String> properties(String baseUrl) {
        return Map.of("socialsync.media.transcription.base-url", baseUrl + "/v1",
                "socialsync.media.transcription.api-key", "sk-transcribe",
                "socialsync.media.transcription.model", "whisper-test",
                "socialsync.media.images.vision", "true",
                "socialsync.media.links.signing-key", "media-test-key");
    }
}
