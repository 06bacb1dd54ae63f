package io.socialsync.responder.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReplySplitterTest {

    private static final ReplySplitter WHATSAPP = new ReplySplitter(ReplySplitter.Measure.UTF16_CHARS, 4096);
    private static final ReplySplitter INSTAGRAM = new ReplySplitter(ReplySplitter.Measure.UTF8_BYTES, 1000);

    @Test
    void aReplyWithinTheLimitIsOnePart() {
        assertEquals(List.of("Hello there."), WHATSAPP.split("  Hello there.\n"));
        assertEquals(List.of(), WHATSAPP.split("   "));
        String exactly = "a".repeat(4096);
        assertEquals(List.of(exactly), WHATSAPP.split(exactly));
    }

    @Test
    void longRepliesAreCutBetweenSentencesInOrder() {
        StringBuilder reply = new StringBuilder();
        for (int i = 0; reply.length() < 10_000; i++) {
            reply.append("Sentence number ").append(i).append(" tells the customer something useful. ");
        }
        List<String> parts = WHATSAPP.split(reply.toString());

        assertEquals(3, parts.size());
        for (String part : parts) {
            assertTrue(part.length() <= 4096, "part of " + part.length());
            assertTrue(part.startsWith("Sentence number "), "starts a sentence: " + part.substring(0, 20));
            assertTrue(part.endsWith("useful."), "ends a sentence");
        }
        assertEquals(reply.toString().strip(), String.join(" ", parts), "nothing lost, nothing reordered");
        assertTrue(parts.get(0).length() > 4000, "parts are packed, not one sentence each");
    }

    @Test
    void aSentenceLongerThanTheLimitIsCutBetweenWords() {
        String sentence = "word ".repeat(1000).strip() + ".";
        List<String> parts = WHATSAPP.split("Short one. " + sentence);

        assertEquals(2, parts.size());
        assertTrue(parts.get(0).startsWith("Short one. word word"), "the first part is filled with words");
        for (String part : parts) {
            assertTrue(part.length() <= 4096 && part.length() > 500, "part of " + part.length());
            assertTrue(part.matches("(Short one\\. )?word( word)*\\.?"), "cut between words");
        }
        assertEquals("Short one. " + sentence, String.join(" ", parts));
    }

    @Test
    void aWordLongerThanTheLimitIsCutHard() {
        String url = "https://example.com/" + "x".repeat(9000);
        List<String> parts = WHATSAPP.split(url);

        assertEquals(List.of(4096, 4096, url.length() - 8192), parts.stream().map(String::length).toList());
        assertEquals(url, String.join("", parts));
    }

    @Test
    void instagramPartsStayWithin1000BytesWithUmlautsAndEmoji() {
        StringBuilder reply = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            reply.append("Grüße aus München 😀🎉, schöne Äpfel für Sie ").append(i).append("! ");
        }
        List<String> parts = INSTAGRAM.split(reply.toString());

        assertTrue(parts.size() >= 3, "split: " + parts.size());
        for (String part : parts) {
            int bytes = part.getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes <= 1000, "part of " + bytes + " bytes");
            assertTrue(bytes > 900 || part == parts.get(parts.size() - 1), "parts are packed: " + bytes);
            assertTrue(part.startsWith("Grüße") && part.endsWith("!"), "whole sentences");
            assertWellFormed(part);
        }
        assertEquals(reply.toString().strip(), String.join(" ", parts));
    }

    @Test
    void aHardCutNeverSplitsASurrogatePairOrAMultiByteCharacter() {
        // 333 emoji: 4 bytes and 2 UTF-16 units each, no space to cut at. 1000 / 4 = 250 per part.
        String emoji = "😀".repeat(333);
        List<String> parts = INSTAGRAM.split(emoji);
        assertEquals(List.of(1000, 332), parts.stream().map(p -> p.getBytes(StandardCharsets.UTF_8).length).toList());
        parts.forEach(ReplySplitterTest::assertWellFormed);
        assertEquals(emoji, String.join("", parts));

        // Three-byte characters (€) do not divide 1000: the cut falls before the character that would not fit.
        String euros = "€".repeat(400);
        List<String> euroParts = INSTAGRAM.split(euros);
        assertEquals(List.of(999, 201), euroParts.stream().map(p -> p.getBytes(StandardCharsets.UTF_8).length)
                .toList());
        assertEquals(euros, String.join("", euroParts));

        // Counted in UTF-16 units, an emoji is never cut in half either.
        ReplySplitter tiny = new ReplySplitter(ReplySplitter.Measure.UTF16_CHARS, 5);
        List<String> tinyParts = tiny.split("😀😀😀😀");
        assertEquals(List.of("😀😀", "😀😀"), tinyParts);
    }

    private static void assertWellFormed(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < part.length() && Character.isLowSurrogate(part.charAt(i + 1)), "pair at " + i);
                i++;
            } else {
                assertTrue(!Character.isLowSurrogate(c), "lone low surrogate at " + i);
            }
        }
        assertEquals(part, new String(part.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
}
