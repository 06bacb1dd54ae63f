package io.socialsync.responder.platform;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a reply into parts a platform accepts: whole sentences where they fit, else whole words, else whole
 * characters (a grapheme, then a code point), so that a part never ends inside a surrogate pair or a multi-byte
 * UTF-8 sequence. Parts keep the reply's order; whitespace at a cut is dropped.
 */
public final class ReplySplitter {

    /** How a platform counts a message's length. */
    public enum Measure {
        /** UTF-16 code units: never fewer than the characters a platform counts, so a part never comes out too long. */
        UTF16_CHARS {
            @Override
            int of(String text) {
                return text.length();
            }
        },
        /** Bytes of the UTF-8 encoding. */
        UTF8_BYTES {
            @Override
            int of(String text) {
                int bytes = 0;
                for (int i = 0; i < text.length();) {
                    int codePoint = text.codePointAt(i);
                    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
                    i += Character.charCount(codePoint);
                }
                return bytes;
            }
        };

        abstract int of(String text);
    }

    private enum Level {
        SENTENCE, WORD, CHARACTER, CODE_POINT
    }

    private final Measure measure;
    private final int limit;

    public ReplySplitter(Measure measure, int limit) {
        if (limit < 4) {
            throw new IllegalArgumentException("a part must hold at least one code point: " + limit);
        }
        this.measure = measure;
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    public Measure measure() {
        return measure;
    }

    /** @return the parts, in order; none for a blank text */
    public List<String> split(String text) {
        String reply = text == null ? "" : text.strip();
        if (reply.isEmpty()) {
            return List.of();
        }
        if (measure.of(reply) <= limit) {
            return List.of(reply);
        }
        Parts parts = new Parts();
        pack(reply, Level.SENTENCE, parts);
        parts.flush();
        return parts.done;
    }

    /**
     * Greedy: append each piece to the current part while it fits, else start a new part with it; a piece too long
     * for any part is cut one level finer.
     */
    private void pack(String text, Level level, Parts parts) {
        for (String piece : pieces(text, level)) {
            int size = measure.of(piece);
            if (parts.size + size <= limit) {
                parts.append(piece, size);
                continue;
            }
            if (size <= limit) {
                parts.flush();
                parts.append(piece, size);
            } else {
                // Too long for any part: fill the current part with its words (or characters), then go on.
                pack(piece, Level.values()[level.ordinal() + 1], parts);
            }
        }
    }

    private static List<String> pieces(String text, Level level) {
        if (level == Level.CODE_POINT) {
            return text.codePoints().mapToObj(Character::toString).toList();
        }
        BreakIterator boundaries = switch (level) {
            case SENTENCE -> BreakIterator.getSentenceInstance(Locale.ROOT);
            case WORD -> BreakIterator.getWordInstance(Locale.ROOT);
            default -> BreakIterator.getCharacterInstance(Locale.ROOT);
        };
        boundaries.setText(text);
        List<String> pieces = new ArrayList<>();
        int start = boundaries.first();
        for (int end = boundaries.next(); end != BreakIterator.DONE; start = end, end = boundaries.next()) {
            pieces.add(text.substring(start, end));
        }
        return pieces;
    }

    private final class Parts {
        private final List<String> done = new ArrayList<>();
        private final StringBuilder current = new StringBuilder();
        private int size;

        void append(String piece, int pieceSize) {
            current.append(piece);
            size += pieceSize;
        }

        void flush() {
            String part = current.toString().strip();
            if (!part.isEmpty()) {
                done.add(part);
            }
            current.setLength(0);
            size = 0;
        }
    }
}
