package io.socialsync.responder.media;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The transcription answer, read by Jackson through the REST client: registered for a native image explicitly. */
@RegisterForReflection(targets = {TranscriptionApi.Transcription.class})
final class MediaJsonTypes {

    private MediaJsonTypes() {
    }
}
