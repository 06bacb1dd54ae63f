package io.socialsync.batcher.window;

/**
 * What adding a message did to its window.
 *
 * @param deadline epoch ms when the batch is due, or -1 when the message was already windowed
 * @param now Redis's clock when the window was written
 */
public record WindowUpdate(String conversationKey, long deadline, long now) {

    public boolean duplicate() {
        return deadline < 0;
    }
}
