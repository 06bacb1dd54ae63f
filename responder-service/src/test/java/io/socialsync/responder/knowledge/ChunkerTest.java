package io.socialsync.responder.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ChunkerTest {

    private static final int SIZE = 1000;
    private static final int OVERLAP = 150;
    private final Chunker chunker = new Chunker(SIZE, OVERLAP);

    /** Numbered sentences, so that order, coverage and overlap can be checked word by word. */
    private static String sentences(String topic, int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> "The " + topic + " rule number " + i + " says that parcels travel safely.")
                .collect(Collectors.joining(" "));
    }

    private static void assertWellFormed(List<Chunk> chunks) {
        assertFalse(chunks.isEmpty(), "at least one chunk");
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            assertEquals(i, chunk.position(), "positions are consecutive");
            assertTrue(chunk.content().length() <= SIZE, "chunk " + i + " is " + chunk.content().length());
            assertFalse(chunk.body().isBlank(), "chunk " + i + " is empty");
            assertEquals(chunk.body().strip(), chunk.body(), "no stray whitespace around chunk " + i);
        }
    }

    /** Every word of the input is in some chunk. */
    private static void assertCovers(String input, List<Chunk> chunks) {
        Set<String> seen = new HashSet<>();
        chunks.forEach(chunk -> seen.addAll(Arrays.asList(chunk.content().split("\\s+"))));
        for (String word : input.split("\\s+")) {
            if (!word.isBlank() && !word.startsWith("#")) {
                assertTrue(seen.contains(word), "lost: " + word);
            }
        }
    }

    /** The next chunk of a section starts with the end of the previous one (not too little, not too much). */
    private static void assertOverlapping(Chunk previous, Chunk next) {
        String body = previous.body();
        String nextBody = next.body();
        int shared = 0;
        for (int length = Math.min(body.length(), nextBody.length()); length > 0; length--) {
            if (body.endsWith(nextBody.substring(0, length))) {
                shared = length;
                break;
            }
        }
        assertTrue(shared >= OVERLAP / 3, "overlap of " + shared + " between " + previous.position() + " and "
                + next.position());
        assertTrue(shared <= OVERLAP, "overlap of " + shared + " is more than " + OVERLAP);
    }

    @Test
    void aShortTextIsOneChunk() {
        List<Chunk> chunks = chunker.chunk(DocumentKind.TEXT, "  We open at nine.\n\nWe close at six.  ");
        assertEquals(1, chunks.size());
        assertEquals("We open at nine.\n\nWe close at six.", chunks.get(0).content());
        assertNull(chunks.get(0).heading());
    }

    @Test
    void aLongTextIsCutIntoOverlappingChunksOfAtMostTheSize() {
        String text = sentences("shipping", 0, 30) + "\n\n" + sentences("returns", 30, 30) + "\n\n"
                + sentences("payment", 60, 30);
        List<Chunk> chunks = chunker.chunk(DocumentKind.TEXT, text);
        assertWellFormed(chunks);
        assertTrue(chunks.size() >= 6, "about " + text.length() / SIZE + "+ chunks, got " + chunks.size());
        assertCovers(text, chunks);
        for (int i = 1; i < chunks.size(); i++) {
            assertOverlapping(chunks.get(i - 1), chunks.get(i));
        }
        // Cuts fall after sentences: every chunk ends a sentence, and none is mostly empty.
        chunks.forEach(chunk -> assertTrue(chunk.body().endsWith("."), chunk.body()));
        chunks.subList(0, chunks.size() - 1).forEach(chunk -> assertTrue(chunk.content().length() > SIZE / 2));
    }

    @Test
    void paragraphsThatFitStayWhole() {
        String first = sentences("opening", 0, 6);
        String second = sentences("closing", 6, 6);
        String third = sentences("holiday", 12, 6);
        List<Chunk> chunks = chunker.chunk(DocumentKind.TEXT, first + "\n\n" + second + "\n\n\n" + third);
        assertWellFormed(chunks);
        for (String paragraph : List.of(first, second, third)) {
            assertTrue(chunks.stream().anyMatch(chunk -> chunk.body().contains(paragraph)), "whole: " + paragraph);
        }
    }

    @Test
    void aLongParagraphWithoutSentenceBreaksIsCutBetweenWords() {
        String words = IntStream.range(0, 900).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
        List<Chunk> chunks = chunker.chunk(DocumentKind.TEXT, words);
        assertWellFormed(chunks);
        assertTrue(chunks.size() >= 8);
        Set<String> input = Set.of(words.split(" "));
        for (Chunk chunk : chunks) {
            for (String word : chunk.body().split(" ")) {
                assertTrue(input.contains(word), "cut inside a word: " + word);
            }
        }
        assertCovers(words, chunks);
        for (int i = 1; i < chunks.size(); i++) {
            assertOverlapping(chunks.get(i - 1), chunks.get(i));
        }
    }

    @Test
    void aSingleEndlessWordIsCutHard() {
        String blob = "x".repeat(3500);
        List<Chunk> chunks = chunker.chunk(DocumentKind.TEXT, blob);
        assertWellFormed(chunks);
        String joined = chunks.stream().map(Chunk::body).collect(Collectors.joining());
        assertTrue(joined.length() >= blob.length(), "nothing lost");
    }

    @Test
    void markdownChunksCarryTheirHeadingTrail() {
        String markdown = """
                Welcome to the shop.

                # Shipping

                We ship every weekday.

                ## Europe

                %s

                ## Overseas
                Overseas parcels take two weeks.

                ```
                # not a heading, code
                ```

                # Returns #

                Returns are free within 30 days.
                """.formatted(sentences("europe", 0, 25));
        List<Chunk> chunks = chunker.chunk(DocumentKind.MARKDOWN, markdown);
        assertWellFormed(chunks);
        assertCovers(markdown.replace("```", ""), chunks);

        assertNull(chunks.get(0).heading());
        assertEquals("Welcome to the shop.", chunks.get(0).body());
        assertEquals("Shipping", chunks.get(1).heading());
        assertEquals("Shipping\n\nWe ship every weekday.", chunks.get(1).content());

        List<Chunk> europe = chunks.stream().filter(c -> "Shipping › Europe".equals(c.heading())).toList();
        assertTrue(europe.size() >= 2, "the long section is cut, and each part keeps its heading");
        europe.forEach(chunk -> assertTrue(chunk.content().startsWith("Shipping › Europe\n\n")));
        for (int i = 1; i < europe.size(); i++) {
            assertOverlapping(europe.get(i - 1), europe.get(i));
        }

        Chunk overseas = chunks.stream().filter(c -> "Shipping › Overseas".equals(c.heading())).findFirst()
                .orElseThrow();
        assertTrue(overseas.body().contains("# not a heading, code"), "a # inside a code fence is text");
        Chunk returns = chunks.get(chunks.size() - 1);
        assertEquals("Returns", returns.heading(), "closing #s are not part of the heading; the trail resets");
        assertEquals("Returns are free within 30 days.", returns.body());
    }

    @Test
    void aSectionWithoutTextMakesNoEmptyChunk() {
        List<Chunk> chunks = chunker.chunk(DocumentKind.MARKDOWN, "# Title\n\n## Empty\n\n## Filled\nSome text.\n");
        assertWellFormed(chunks);
        assertEquals(1, chunks.size());
        assertEquals("Title › Filled\n\nSome text.", chunks.get(0).content());
    }

    @Test
    void headingsAloneAreKeptAsText() {
        List<Chunk> chunks = chunker.chunk(DocumentKind.MARKDOWN, "# Only a title\n");
        assertWellFormed(chunks);
        assertTrue(chunks.get(0).content().contains("Only a title"));
    }

    @Test
    void aVeryLongHeadingLeavesRoomForText() {
        String heading = "H".repeat(900);
        List<Chunk> chunks = chunker.chunk(DocumentKind.MARKDOWN, "# " + heading + "\n\n" + sentences("x", 0, 40));
        assertWellFormed(chunks);
        assertTrue(chunks.get(0).heading().length() <= SIZE / 4);
    }

    @Test
    void windowsLineEndingsAreParagraphsToo() {
        List<Chunk> chunks = chunker.chunk(DocumentKind.MARKDOWN, "# A\r\n\r\nfirst\r\n\r\n# B\r\nsecond\r\n");
        assertEquals(List.of("A\n\nfirst", "B\n\nsecond"), chunks.stream().map(Chunk::content).toList());
    }

    @Test
    void anFaqEntryIsOneChunk() {
        Chunk faq = Chunker.faq(" Do you ship abroad? ", "Yes, to every EU country.\n");
        assertEquals("Q: Do you ship abroad?\nA: Yes, to every EU country.", faq.content());
    }

    @Test
    void nonsenseSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Chunker(100, 10));
        assertThrows(IllegalArgumentException.class, () -> new Chunker(1000, 500));
    }
}
