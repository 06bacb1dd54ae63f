package io.socialsync.responder.messaging;

import java.util.Optional;

/**
 * How one account answers where the AI does not: the approved template a person's reply goes out as once the
 * customer-service window has closed (WhatsApp), and the welcome message for a customer who opens the chat.
 */
public record MessagingSettings(Optional<WindowTemplate> windowTemplate, Optional<String> welcomeText) {

    public static final MessagingSettings NONE = new MessagingSettings(Optional.empty(), Optional.empty());

    /**
     * An approved WhatsApp template.
     *
     * @param language the template's language code as Meta knows it ({@code en_US}, {@code de})
     * @param textParameter whether the person's text fills the body parameter {{1}}; without one the template goes out
     *        as it is
     */
    public record WindowTemplate(String name, String language, boolean textParameter) {
    }
}
