package io.socialsync.responder.reply;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.config.ResponderConfig;

/**
 * The messages that ingest marked as not allowed ({@link UnifiedMessage#planAllowed()} false: a media type outside
 * the tenant's plan, a text over the token limit, a type we cannot read) are never shown to the AI; the batch's
 * reply carries one polite notice about them instead, so it is sent and recorded exactly once like any reply.
 */
@ApplicationScoped
public class PlanNotice {

    private final String notice;

    public PlanNotice(ResponderConfig config) {
        this.notice = config.gating().notice();
    }

    /** The messages the AI may see. */
    public List<UnifiedMessage> allowed(List<UnifiedMessage> batch) {
        return batch.stream().filter(UnifiedMessage::planAllowed).toList();
    }

    /** The notice, when the batch holds a message the plan does not allow. */
    public Optional<String> noticeFor(List<UnifiedMessage> batch) {
        return batch.stream().allMatch(UnifiedMessage::planAllowed) ? Optional.empty() : Optional.of(notice);
    }

    /** The notice first (it answers the earlier part of the burst as often as not), then the AI's answer. */
    public static String compose(Optional<String> notice, Optional<String> answer) {
        return String.join("\n\n", java.util.stream.Stream.of(notice, answer).flatMap(Optional::stream).toList());
    }
}
