package io.socialsync.model;

import java.util.Optional;

/**
 * How Telegram chats and messages are named across services. A customer is their private chat's id; a chat the bot
 * answers on a Telegram Business owner's behalf is a conversation of its own, {@code <chat id>@<business connection
 * id>}, so every send to it carries the connection. Telegram numbers messages per chat, so a message is named
 * {@code <chat id>:<message id>} (unique per bot).
 */
public final class TelegramChats {

    private static final char BUSINESS = '@';
    private static final char MESSAGE = ':';

    private TelegramChats() {
    }

    /** The contact id of a private chat, answered by the bot itself or through a business connection. */
    public static String contactId(String chatId, Optional<String> businessConnectionId) {
        return businessConnectionId.map(connection -> chatId + BUSINESS + connection).orElse(chatId);
    }

    /** The chat a contact id names. */
    public static String chatId(String contactId) {
        int at = contactId.indexOf(BUSINESS);
        return at < 0 ? contactId : contactId.substring(0, at);
    }

    /** The business connection a contact id is answered through, empty for the bot's own chats. */
    public static Optional<String> businessConnectionId(String contactId) {
        int at = contactId.indexOf(BUSINESS);
        return at < 0 ? Optional.empty() : Optional.of(contactId.substring(at + 1));
    }

    /** The platform message id of message {@code messageId} in {@code chatId}. */
    public static String messageKey(String chatId, String messageId) {
        return chatId + MESSAGE + messageId;
    }

    /** The Bot API's message id inside a platform message id, or empty for another kind of id. */
    public static Optional<String> messageId(String messageKey) {
        int colon = messageKey.lastIndexOf(MESSAGE);
        return colon < 0 ? Optional.empty() : Optional.of(messageKey.substring(colon + 1));
    }
}
