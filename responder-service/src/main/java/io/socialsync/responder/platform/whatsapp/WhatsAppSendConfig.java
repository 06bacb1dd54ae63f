package io.socialsync.responder.platform.whatsapp;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How replies go out on the WhatsApp Cloud API ({@code socialsync.send.whatsapp.*}). */
@ConfigMapping(prefix = "socialsync.send.whatsapp")
public interface WhatsAppSendConfig {

    /** Longest text of one message; longer replies are split on sentence boundaries. */
    @WithDefault("4096")
    int maxPartChars();

    /**
     * Least time between two messages to one customer (parts of one reply, or consecutive replies), so that bursts
     * do not hit the pair rate limit (131056).
     */
    @WithDefault("1s")
    Duration recipientSpacing();

    /**
     * How a person's image or document reaches WhatsApp ({@code SOCIALSYNC_SEND_WHATSAPP_MEDIA_DELIVERY}): {@code link}
     * (Meta fetches the store's signed link), {@code upload} ({@code POST /{phone}/media}, then the message names the
     * upload's id), or {@code auto}: by link when the store's links are reachable from outside (a public base URL, a
     * bucket), else by upload.
     */
    @WithDefault("auto")
    MediaDelivery mediaDelivery();

    /** Longest caption of an image or a document (WhatsApp: 1 024 characters); a longer one follows as a text. */
    @WithDefault("1024")
    int maxCaptionChars();

    enum MediaDelivery {
        AUTO, LINK, UPLOAD
    }
}
