package io.socialsync.responder.knowledge;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a document into passages of at most {@code size} characters, heading included. Cuts fall between
 * paragraphs, else between sentences, else between words, and only when nothing else fits, inside a word. Each
 * passage after the first of a section starts with up to {@code overlap} characters of the previous one (from a
 * sentence or word start), so a fact cut in two is still whole in one passage. Markdown is split at ATX headings
 * ({@code #} … {@code ######}, outside code fences) first; every passage of a section carries the section's heading
 * trail. Pure: no I/O, unit-tested on its own.
 */
public final class Chunker {

    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t]*\\n+");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?…])[\"')\\]]*\\s+");
    private static final String TRAIL_SEPARATOR = " › ";
    private static final String PARAGRAPH_SEPARATOR = "\n\n";

    private final int size;
    private final int overlap;

    public Chunker(int size, int overlap) {
        if (size < 200 || overlap < 0 || overlap > size / 3) {
            throw new IllegalArgumentException("chunk size must be >= 200 and overlap at most a third of it");
        }
        this.size = size;
        this.overlap = overlap;
    }

    /** The passages of a plain-text or Markdown document, in order, none blank. */
    public List<Chunk> chunk(DocumentKind kind, String content) {
        String text = content.replace("\r\n", "\n").replace('\r', '\n');
        List<Section> sections = kind == DocumentKind.MARKDOWN
                ? markdownSections(text)
                : List.of(new Section(null, text));
        List<Chunk> chunks = new ArrayList<>();
        for (Section section : sections) {
            chunkSection(section, chunks);
        }
        if (chunks.isEmpty() && !text.isBlank()) {
            // Headings only: keep them as text rather than lose the document.
            chunkSection(new Section(null, text), chunks);
        }
        return chunks;
    }

    /** An FAQ entry is one passage, question and answer together, whatever its length. */
    public static Chunk faq(String question, String answer) {
        return new Chunk(0, null, "Q: " + question.strip() + "\nA: " + answer.strip());
    }

    private record Section(String heading, String body) {
    }

    private record Unit(String text, boolean startsParagraph) {
    }

    private List<Section> markdownSections(String text) {
        List<Section> sections = new ArrayList<>();
        Deque<String[]> trail = new ArrayDeque<>(); // {level, title}, outermost first
        StringBuilder body = new StringBuilder();
        boolean inFence = false;
        for (String line : text.split("\n", -1)) {
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
            }
            Matcher heading = inFence ? null : HEADING.matcher(line);
            if (heading != null && heading.matches() && !heading.group(2).isBlank()) {
                sections.add(new Section(trailText(trail), body.toString()));
                body.setLength(0);
                int level = heading.group(1).length();
                while (!trail.isEmpty() && Integer.parseInt(trail.peekLast()[0]) >= level) {
                    trail.removeLast();
                }
                trail.addLast(new String[]{String.valueOf(level), heading.group(2).strip()});
            } else {
                body.append(line).append('\n');
            }
        }
        sections.add(new Section(trailText(trail), body.toString()));
        return sections;
    }

    private String trailText(Deque<String[]> trail) {
        if (trail.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (String[] heading : trail) {
            text.append(text.isEmpty() ? "" : TRAIL_SEPARATOR).append(heading[1]);
        }
        // A heading may take at most a quarter of a passage; the rest is for the text under it.
        int longest = size / 4;
        return text.length() <= longest ? text.toString() : text.substring(0, longest - 1).strip() + "…";
    }

    private void chunkSection(Section section, List<Chunk> chunks) {
        int bodyLimit = size - (section.heading() == null ? 0 : section.heading().length() + 2);
        // Room for the overlap and its separator in front of every unit.
        int unitLimit = bodyLimit - overlap - PARAGRAPH_SEPARATOR.length();
        StringBuilder current = new StringBuilder();
        for (Unit unit : units(section.body(), unitLimit)) {
            String separator = current.isEmpty() ? "" : unit.startsParagraph() ? PARAGRAPH_SEPARATOR : " ";
            if (current.length() + separator.length() + unit.text().length() <= bodyLimit) {
                current.append(separator).append(unit.text());
                continue;
            }
            String previous = current.toString();
            chunks.add(new Chunk(chunks.size(), section.heading(), previous));
            current.setLength(0);
            String tail = overlapTail(previous);
            if (!tail.isEmpty()) {
                current.append(tail).append(unit.startsParagraph() ? PARAGRAPH_SEPARATOR : " ");
            }
            current.append(unit.text());
        }
        if (!current.isEmpty()) {
            chunks.add(new Chunk(chunks.size(), section.heading(), current.toString()));
        }
    }

    /** Paragraphs that fit; longer ones as sentences; longer sentences as word runs; words cut last. */
    private List<Unit> units(String body, int limit) {
        List<Unit> units = new ArrayList<>();
        for (String paragraph : PARAGRAPH_BREAK.split(body)) {
            String text = paragraph.strip();
            if (text.isEmpty()) {
                continue;
            }
            if (text.length() <= limit) {
                units.add(new Unit(text, true));
                continue;
            }
            boolean first = true;
            for (String sentence : SENTENCE_END.split(text)) {
                for (String piece : splitAtWords(sentence.strip(), limit)) {
                    if (!piece.isEmpty()) {
                        units.add(new Unit(piece, first));
                        first = false;
                    }
                }
            }
        }
        return units;
    }

    private static List<String> splitAtWords(String text, int limit) {
        List<String> pieces = new ArrayList<>();
        String rest = text;
        while (rest.length() > limit) {
            int cut = lastWhitespace(rest, limit);
            if (cut < limit / 2) {
                cut = limit; // a "word" longer than half a passage (a URL, a hash): cut it
            }
            pieces.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        pieces.add(rest);
        return pieces;
    }

    private static int lastWhitespace(String text, int atMost) {
        for (int i = atMost; i > 0; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The end of a passage to repeat at the start of the next: from a sentence start if one is near, else a word. */
    private String overlapTail(String previous) {
        if (overlap == 0) {
            return "";
        }
        int from = Math.max(0, previous.length() - overlap);
        Matcher sentence = SENTENCE_END.matcher(previous);
        // A sentence start leaving at least a third of the overlap is preferred over a word start.
        int latestUseful = previous.length() - overlap / 3;
        if (sentence.find(from) && sentence.end() <= latestUseful) {
            return previous.substring(sentence.end()).strip();
        }
        if (from == 0) {
            return previous.strip();
        }
        for (int i = from; i < previous.length(); i++) {
            if (Character.isWhitespace(previous.charAt(i - 1)) && !Character.isWhitespace(previous.charAt(i))) {
                return previous.substring(i).strip();
            }
        }
        return previous.substring(from).strip();
    }
}
