package io.socialsync.responder.platform.whatsapp;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** WhatsApp's customer-service window and typing indicator ({@code socialsync.messaging.whatsapp.*}). */
@ConfigMapping(prefix = "socialsync.messaging.whatsapp")
public interface WhatsAppMessagingConfig {

    /** How long after the customer's last message a free-form reply may go out; after it only templates. */
    @WithDefault("24h")
    Duration serviceWindow();

    /** The indicator clears after 25 s: a reply prepared longer shows it again this often. */
    @WithDefault("20s")
    Duration typingRefresh();

    /** Longest text of the template's body parameter; a longer person's reply goes out as several templates. */
    @WithDefault("1000")
    int templateParameterMaxChars();
}
