package io.socialsync.responder.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.platform.PartDelivery;
import io.socialsync.responder.platform.PartResult;
import io.socialsync.responder.reply.AccountCredentials;

/** How a person's media reply is cut into parts: the caption with the media when it fits, else after it as text. */
class MediaReplyPartsTest {

    /** Captions up to {@code captionLimit}; texts split every 10 characters. */
    private static PartDelivery delivery(int captionLimit) {
        return new PartDelivery() {
            @Override
            public List<String> split(String text) {
                return Arrays.asList(text.split("(?<=\\G.{10})"));
            }

            @Override
            public Uni<PartResult> sendPart(AccountCredentials account, String contactId, String text, String tag) {
                throw new AssertionError("nothing is sent here");
            }

            @Override
            public int captionLimit() {
                return captionLimit;
            }
        };
    }

    @Test
    void aCaptionThatFitsTravelsWithTheMedia() {
        assertEquals(List.of("short one"), Handoffs.parts(delivery(20), "  short one ", true));
    }

    @Test
    void noCaptionIsOneMediaPartWithoutText() {
        assertEquals(Arrays.asList((String) null), Handoffs.parts(delivery(20), null, true));
        assertEquals(Arrays.asList((String) null), Handoffs.parts(delivery(20), "   ", true));
    }

    @Test
    void aCaptionTooLongOrAPlatformWithoutCaptionsFollowsAsTextParts() {
        assertEquals(Arrays.asList(null, "0123456789", "abcdef"),
                Handoffs.parts(delivery(5), "0123456789abcdef", true));
        assertEquals(Arrays.asList(null, "see above"), Handoffs.parts(delivery(0), "see above", true));
    }

    @Test
    void aTextReplyIsSplitAsBefore() {
        assertEquals(List.of("0123456789", "ab"), Handoffs.parts(delivery(20), "0123456789ab", false));
    }
}
