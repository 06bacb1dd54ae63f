package io.socialsync.responder.media;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** OpenAI-compatible speech to text (OpenAI Whisper, faster-whisper servers, Groq, LocalAI). */
interface TranscriptionApi {

    @POST
    @Path("/audio/transcriptions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Transcription transcribe(@HeaderParam("Authorization") String authorization, ClientMultipartForm form);

    /** {@code verbose_json} adds the duration in seconds; plain {@code json} servers leave it out. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Transcription(String text, Double duration) {
    }
}
