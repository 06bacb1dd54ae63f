package io.socialsync.responder.reply;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.platform.ReplyChannel;

/**
 * Keeps the typing indicator shown while a reply is prepared for longer than the platform shows it (WhatsApp clears
 * it after 25 s): shown again every {@link ReplyChannel#typingRefresh()} until the work ends, whatever its end.
 */
final class TypingRefresh {

    private TypingRefresh() {
    }

    static <T> Uni<T> whileRunning(ReplyChannel channel, AccountCredentials account, UnifiedMessage last, Uni<T> work) {
        Optional<Duration> every = channel.typingRefresh();
        if (every.isEmpty()) {
            return work;
        }
        return Uni.createFrom().deferred(() -> {
            Cancellable refreshing = Multi.createFrom().ticks().startingAfter(every.get()).every(every.get())
                    .onOverflow().drop()
                    .onItem().transformToUniAndConcatenate(tick -> channel.refreshTyping(account, last.contactId(),
                            last))
                    .subscribe().with(shown -> {
                    }, failure -> Log.debugf("typing refresh stopped: %s", failure.toString()));
            return work.onTermination().invoke(refreshing::cancel);
        });
    }
}
