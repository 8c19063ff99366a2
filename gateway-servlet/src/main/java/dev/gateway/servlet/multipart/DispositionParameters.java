package dev.gateway.servlet.multipart;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The parameters of a {@code Content-Disposition: form-data; name="a"; filename="b.txt"} header (RFC 7578 section 4.2). */
final class DispositionParameters {

    private DispositionParameters() {
    }

    /** The parameters by lower-case name, quoted values unquoted ({@code \"} and {@code \\} unescaped). */
    static Map<String, String> parse(String header) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            int equals = header.indexOf('=', i);
            if (equals < 0) {
                break;
            }
            String name = header.substring(i + 1, equals).trim().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder();
            int j = equals + 1;
            while (j < header.length() && header.charAt(j) == ' ') {
                j++;
            }
            if (j < header.length() && header.charAt(j) == '"') {
                for (j++; j < header.length() && header.charAt(j) != '"'; j++) {
                    char c = header.charAt(j);
                    if (c == '\\' && j + 1 < header.length()) {
                        c = header.charAt(++j);
                    }
                    value.append(c);
                }
                j = header.indexOf(';', j);
            } else {
                int end = header.indexOf(';', j);
                value.append(header, j, end < 0 ? header.length() : end);
                j = end;
            }
            parameters.putIfAbsent(name, value.toString().trim());
            i = j;
        }
        return parameters;
    }
}
