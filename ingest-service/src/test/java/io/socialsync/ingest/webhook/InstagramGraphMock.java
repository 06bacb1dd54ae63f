package io.socialsync.ingest.webhook;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.socialsync.testsupport.WireMockPeer;

/** WireMock on a dynamic port playing Instagram's Graph API: the outside world we do not run. */
public class InstagramGraphMock extends WireMockPeer {

    static WireMockServer server() {
        return server(InstagramGraphMock.class);
    }

    @Override
    protected Map<String, String> properties(String baseUrl) {
        return Map.of("quarkus.rest-client.instagram-graph.url", baseUrl + "/v23.0");
    }
}
