package io.socialsync.responder.credits;

/** A plan as the operator sees it: what it lets through, what it grants and costs, how fast it may send. */
public record Plan(String code, String name, long monthlyCredits, int creditsPerReply, int aiCallsPerBatch,
        Integer messagesPerMinute, boolean allowsImages, boolean allowsAudio, boolean allowsVideo,
        boolean allowsDocuments) {
}
