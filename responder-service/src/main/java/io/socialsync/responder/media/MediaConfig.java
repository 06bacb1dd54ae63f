package io.socialsync.responder.media;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Fetching, storing and understanding customers' media ({@code socialsync.media.*}, issue 16). */
@ConfigMapping(prefix = "socialsync.media")
public interface MediaConfig {

    /** Run the fetchers on this replica ({@code SOCIALSYNC_MEDIA_FETCH_ENABLED}). */
    @WithDefault("true")
    boolean fetchEnabled();

    /** Fetches run at once per replica ({@code SOCIALSYNC_MEDIA_FETCH_CONCURRENCY}); resizing is CPU work. */
    @WithDefault("2")
    int fetchConcurrency();

    /** How long an idle fetcher sleeps before it looks for work again ({@code SOCIALSYNC_MEDIA_POLL_INTERVAL}). */
    @WithDefault("100ms")
    Duration pollInterval();

    /** A claimed fetch not finished within this is taken over by another replica (its own died). */
    @WithDefault("2m")
    Duration lease();

    /** Tries of a fetch before it is recorded failed ({@code SOCIALSYNC_MEDIA_MAX_ATTEMPTS}). */
    @WithDefault("3")
    int maxAttempts();

    /** Wait before the second try; doubled for each further one ({@code SOCIALSYNC_MEDIA_RETRY_BACKOFF}). */
    @WithDefault("1s")
    Duration retryBackoff();

    /** Longest wait for one download, the Graph API's media lookup included. */
    @WithDefault("20s")
    Duration downloadTimeout();

    /**
     * How much longer than its window a batch waits for its media to be fetched and understood
     * ({@code SOCIALSYNC_MEDIA_BUDGET}); then it is answered with what is ready and says what could not be read.
     */
    @WithDefault("15s")
    Duration budget();

    /**
     * Sent for media that could not be understood: no transcription or vision endpoint, a failed download, a video
     * ({@code SOCIALSYNC_MEDIA_NOTICE}). A caption sent with it is still answered. The deployment's default: a tenant
     * may set its own ({@code PUT /admin/media/notice}, {@link MediaNotices}).
     */
    @WithDefault("Sorry, I couldn't open the voice note, photo or file you sent. Could you tell me in a short text "
            + "what you need?")
    String notice();

    /** Size limits per kind, as WhatsApp's own (bytes). */
    Limits limits();

    /** Image resizing. */
    Images images();

    /** Signed links to stored media. */
    Links links();

    /** Voice notes and audio to text. */
    Transcription transcription();

    /** PDF text. */
    Documents documents();

    /** Which store keeps the objects. */
    Storage storage();

    /** A person's image or document in a handoff reply. */
    Outbound outbound();

    interface Outbound {

        /** Largest image upload, before resizing ({@code SOCIALSYNC_MEDIA_OUTBOUND_IMAGE_BYTES}). */
        @WithDefault("20971520")
        int imageBytes();

        /**
         * Largest document upload ({@code SOCIALSYNC_MEDIA_OUTBOUND_DOCUMENT_BYTES}); Instagram takes files up to
         * 25 MB, WhatsApp 100 MB, a Telegram bot 50 MB.
         */
        @WithDefault("26214400")
        int documentBytes();

        /** Document types a reply may carry ({@code SOCIALSYNC_MEDIA_OUTBOUND_DOCUMENT_TYPES}). */
        @WithDefault("application/pdf,text/plain,application/msword,"
                + "application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.ms-excel,"
                + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        List<String> documentTypes();

        /**
         * Whether the platforms can fetch the store's links ({@code SOCIALSYNC_MEDIA_OUTBOUND_LINKS_REACHABLE}).
         * Unset: yes for S3, and for PostgreSQL unless the public base URL names this machine (localhost).
         */
        Optional<Boolean> linksReachable();
    }

    interface Limits {

        @WithDefault("5242880")
        int imageBytes();

        @WithDefault("16777216")
        int audioBytes();

        @WithDefault("16777216")
        int videoBytes();

        @WithDefault("104857600")
        int documentBytes();

        @WithDefault("512000")
        int stickerBytes();

        /** Images with more pixels are refused before decoding (a decompression bomb), in megapixels. */
        @WithDefault("50")
        int maxMegapixels();
    }

    interface Images {

        /** Longest side after resizing; images fit inside max-width × max-height keeping their aspect ratio. */
        @WithDefault("768")
        int maxWidth();

        @WithDefault("768")
        int maxHeight();

        /** JPEG quality of re-encoded photos (0-1). */
        @WithDefault("0.85")
        double jpegQuality();

        /**
         * The model accepts image content parts ({@code SOCIALSYNC_AI_VISION}); off = images get the media notice.
         */
        @WithDefault("false")
        boolean vision();

        /**
         * Give the model the image as a data URL instead of a signed link, for a model endpoint that cannot reach
         * this service ({@code SOCIALSYNC_MEDIA_IMAGES_INLINE}).
         */
        @WithDefault("true")
        boolean inline();
    }

    interface Links {

        /**
         * The responder's public base URL for signed links ({@code SOCIALSYNC_MEDIA_PUBLIC_BASE_URL}), e.g.
         * {@code https://responder.example.com}.
         */
        @WithDefault("http://localhost:8083")
        String publicBaseUrl();

        /**
         * HMAC-SHA256 key of signed links ({@code SOCIALSYNC_MEDIA_SIGNING_KEY}), the same on every replica. Unset =
         * a random key per process: links then work only on the replica that made them, until it restarts.
         */
        Optional<String> signingKey();

        /** How long a signed link is valid. */
        @WithDefault("24h")
        Duration validity();
    }

    interface Transcription {

        /**
         * An OpenAI-compatible {@code /v1} base URL serving {@code POST /audio/transcriptions}
         * ({@code SOCIALSYNC_TRANSCRIPTION_BASE_URL}); unset = voice notes get the media notice.
         */
        Optional<String> baseUrl();

        /** Bearer key ({@code SOCIALSYNC_TRANSCRIPTION_API_KEY}). */
        Optional<String> apiKey();

        /** Model ({@code SOCIALSYNC_TRANSCRIPTION_MODEL}). */
        @WithDefault("whisper-1")
        String model();

        /** Longest wait for one transcription. */
        @WithDefault("30s")
        Duration timeout();
    }

    interface Documents {

        /** Characters of a PDF's text given to the model at most (the token budget trims further). */
        @WithDefault("8000")
        int maxChars();
    }

    interface Storage {

        /** {@code postgres} (default: nothing else to run) or {@code s3} ({@code SOCIALSYNC_MEDIA_STORAGE_KIND}). */
        @WithDefault("postgres")
        String kind();

        /** The S3-compatible store, when {@code kind} is {@code s3}. */
        S3 s3();
    }

    interface S3 {

        /** Bucket ({@code SOCIALSYNC_MEDIA_STORAGE_S3_BUCKET}); it must exist. */
        @WithDefault("socialsync-media")
        String bucket();

        /** Region ({@code SOCIALSYNC_MEDIA_STORAGE_S3_REGION}). */
        @WithDefault("us-east-1")
        String region();

        /** Endpoint of an S3-compatible server (MinIO, Ceph, R2) ({@code SOCIALSYNC_MEDIA_STORAGE_S3_ENDPOINT}); unset = AWS. */
        Optional<String> endpoint();

        /** Path-style addressing, which most S3-compatible servers need ({@code …_S3_PATH_STYLE}). */
        @WithDefault("false")
        boolean pathStyle();

        /** Static credentials ({@code …_S3_ACCESS_KEY_ID}, {@code …_S3_SECRET_ACCESS_KEY}); unset = the AWS default chain. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();
    }
}
