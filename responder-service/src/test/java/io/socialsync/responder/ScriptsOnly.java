package io.socialsync.responder;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The application without its own claim loop and reconciler, so a test drives the scripts step by step. */
public class ScriptsOnly implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("socialsync.claim.enabled", "false", "socialsync.reconciler.enabled", "false");
    }
}
