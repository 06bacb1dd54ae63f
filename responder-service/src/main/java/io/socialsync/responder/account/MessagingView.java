package io.socialsync.responder.account;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An account's messaging settings as the API reads and writes them (PUT replaces them as a whole). */
@Schema(description = "How the account answers where the AI does not")
public record MessagingView(
        @Schema(description = "WhatsApp only: the approved template a person's reply goes out as once the 24-hour "
                + "window has closed; null = such a reply is refused (409)") WindowTemplate windowTemplate,
        @Schema(description = "Sent when a customer opens the chat for the first time (WhatsApp request_welcome); "
                + "null = nothing is sent") String welcomeText) {

    @Schema(description = "An approved WhatsApp message template")
    public record WindowTemplate(
            @Schema(description = "The template's name at Meta", examples = "reply_from_our_team") String name,
            @Schema(description = "Its language code", examples = "en_US") String language,
            @Schema(description = "Whether the person's text fills the body parameter {{1}}; default true") Boolean textParameter) {
    }
}
