package io.socialsync.local;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code multipart/form-data} bodies the responder sends the sandbox (a WhatsApp media upload, Telegram's
 * sendPhoto and sendDocument): each part's name, file name, type and bytes. Only what a form sent by an HTTP client
 * holds (no nested multiparts, no transfer encodings), which is all the sandbox plays; the sandbox depends on nothing
 * but Jackson, so a library for this would be its only other dependency.
 */
final class SandboxMultipart {

    /** One part: a file when {@code filename} is set, else a form field ({@link #text()}). */
    record Part(String name, String filename, String contentType, byte[] bytes) {

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"?)([^\";]+)\\1");
    private static final Pattern NAME = Pattern.compile("[; ]name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

    private SandboxMultipart() {
    }

    /** The parts by name, in order; empty when the content type is not multipart or the body is malformed. */
    static Optional<Map<String, Part>> parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Optional.empty();
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            return Optional.empty();
        }
        byte[] delimiter = ("--" + boundary.group(2)).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new LinkedHashMap<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                return Optional.of(parts);
            }
            start += 2; // CRLF after the delimiter
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            int next = indexOf(body, delimiter, start);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                return Optional.empty();
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int contentEnd = next - 2; // CRLF before the next delimiter
            byte[] content = java.util.Arrays.copyOfRange(body, contentStart, Math.max(contentStart, contentEnd));
            Part part = part(headers, content);
            if (part.name() != null) {
                parts.put(part.name(), part);
            }
            at = next;
        }
        return Optional.empty();
    }

    private static Part part(String headers, byte[] content) {
        String name = null;
        String filename = null;
        String type = null;
        for (String header : headers.split("\r\n")) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-disposition:")) {
                Matcher named = NAME.matcher(header);
                name = named.find() ? named.group(1) : null;
                Matcher file = FILENAME.matcher(header);
                filename = file.find() ? file.group(1) : null;
            } else if (lower.startsWith("content-type:")) {
                type = header.substring("content-type:".length()).strip();
            }
        }
        return new Part(name, filename, type, content);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer : for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
