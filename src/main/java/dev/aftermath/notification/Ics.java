package dev.aftermath.notification;

import java.nio.charset.StandardCharsets;

/** iCalendar content lines (RFC 5545 3.1): CRLF line ends, lines folded at 75 octets, blank lines dropped. */
final class Ics {
    private Ics() {
    }

    static String fold(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\\r?\\n")) {
            if (line.isBlank()) {
                continue;
            }
            String rest = line.strip();
            boolean first = true;
            while (!rest.isEmpty()) {
                int limit = first ? 75 : 74;
                int cut = cut(rest, limit);
                out.append(first ? "" : " ").append(rest, 0, cut).append("\r\n");
                rest = rest.substring(cut);
                first = false;
            }
        }
        return out.toString();
    }

    /** The longest prefix of at most {@code limit} UTF-8 octets that does not split a character. */
    private static int cut(String s, int limit) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > limit) {
                break;
            }
            bytes += len;
            i += Character.charCount(cp);
        }
        return Math.max(i, 1);
    }
}
