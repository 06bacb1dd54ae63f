package io.socialsync.responder.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class StructuredReplyTest {

    @Test
    void readsTheRequestedObject() {
        assertEquals(Optional.of(new AgentAnswer("We open at 9.", 0.92, false)),
                StructuredReply.parse("{\"reply\":\"We open at 9.\",\"confidence\":0.92,\"needs_human\":false}", 0.5));
    }

    @Test
    void findsTheObjectInsideAFenceOrProse() {
        assertEquals(Optional.of(new AgentAnswer("Yes.", 0.7, false)),
                StructuredReply.parse("Here you go:\n```json\n{\"reply\": \"Yes.\", \"confidence\": 0.7}\n```", 0.5));
    }

    @Test
    void lowConfidenceOrTheModelsOwnSayMeansAHumanIsNeeded() {
        assertTrue(StructuredReply.parse("{\"reply\":\"Maybe.\",\"confidence\":0.3}", 0.5).orElseThrow().needsHuman());
        assertTrue(StructuredReply.parse("{\"reply\":\"A colleague will help.\",\"confidence\":0.9,"
                + "\"needs_human\":true}", 0.5).orElseThrow().needsHuman());
        assertTrue(StructuredReply.parse("{\"reply\":\"No confidence given.\"}", 0.5).orElseThrow().needsHuman(),
                "a missing confidence is not certainty");
    }

    @Test
    void anythingWithoutAReplyIsNoAnswer() {
        for (String content : new String[]{null, "", "Sure, happy to help!", "{\"reply\":\"\"}",
                "{\"reply\": 42}", "{\"answer\":\"wrong field\"}", "{not json}", "}{"}) {
            assertEquals(Optional.empty(), StructuredReply.parse(content, 0.5), String.valueOf(content));
        }
    }

    @Test
    void confidenceIsClampedToZeroToOne() {
        assertEquals(1.0, StructuredReply.parse("{\"reply\":\"x\",\"confidence\":7}", 0.5).orElseThrow().confidence());
        assertEquals(0.0, StructuredReply.parse("{\"reply\":\"x\",\"confidence\":-1}", 0.5).orElseThrow().confidence());
    }
}
