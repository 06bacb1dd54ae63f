package io.socialsync.responder.media;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.vertx.core.buffer.Buffer;

/**
 * Voice notes and audio to text through {@code POST /audio/transcriptions} (multipart: file, model), when
 * {@code SOCIALSYNC_TRANSCRIPTION_BASE_URL} is set. Called from a fetcher's worker thread, never the event loop.
 */
@ApplicationScoped
public class Transcriber {

    /** What the endpoint heard, and how long the audio is (for the charge per started minute). */
    public record Transcript(String text, int durationSeconds) {

        public int startedMinutes() {
            return Math.max(1, (durationSeconds + 59) / 60);
        }
    }

    private final Optional<TranscriptionApi> api;
    private final String authorization;
    private final String model;

    public Transcriber(MediaConfig config) {
        MediaConfig.Transcription settings = config.transcription();
        this.model = settings.model();
        this.authorization = settings.apiKey().filter(key -> !key.isBlank()).map(key -> "Bearer " + key)
                .orElse(null);
        this.api = settings.baseUrl().filter(url -> !url.isBlank()).map(url -> {
            Log.infof("voice notes are transcribed by %s at %s", settings.model(), url);
            return QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(url))
                    .connectTimeout(5, TimeUnit.SECONDS)
                    .readTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .build(TranscriptionApi.class);
        });
    }

    public boolean configured() {
        return api.isPresent();
    }

    /** The audio's transcript; blocking. */
    public Transcript transcribe(byte[] audio, String mimeType) {
        String type = mimeType == null ? "audio/ogg" : mimeType.split(";")[0].strip();
        ClientMultipartForm form = ClientMultipartForm.create()
                .attribute("model", model, null)
                .attribute("response_format", "verbose_json", null)
                .binaryFileUpload("file", "audio." + extension(type), Buffer.buffer(audio), type);
        TranscriptionApi.Transcription answer = api.orElseThrow().transcribe(authorization, form);
        String text = answer.text() == null ? "" : answer.text().strip();
        int seconds = answer.duration() != null
                ? (int) Math.ceil(answer.duration())
                : oggDurationSeconds(audio).orElse(60);
        return new Transcript(text, seconds);
    }

    private static String extension(String type) {
        return switch (type) {
            case "audio/mpeg" -> "mp3";
            case "audio/mp4", "audio/aac" -> "m4a";
            case "audio/amr" -> "amr";
            case "audio/wav", "audio/x-wav" -> "wav";
            default -> "ogg";
        };
    }

    /**
     * The length of an Ogg Opus stream (WhatsApp's voice notes) from its last page's granule position, which counts
     * 48 kHz samples: for endpoints whose answer has no duration.
     */
    static Optional<Integer> oggDurationSeconds(byte[] audio) {
        for (int at = audio.length - 27; at >= 0; at--) {
            if (audio[at] == 'O' && audio[at + 1] == 'g' && audio[at + 2] == 'g' && audio[at + 3] == 'S') {
                long granule = ByteBuffer.wrap(audio, at + 6, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                return granule <= 0 ? Optional.empty() : Optional.of((int) Math.ceil(granule / 48_000.0));
            }
        }
        return Optional.empty();
    }
}
