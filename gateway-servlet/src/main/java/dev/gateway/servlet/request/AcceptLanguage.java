package dev.gateway.servlet.request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The locales of the {@code Accept-Language} header (RFC 9110 section 12.5.4), most preferred first
 * (by q-value, then header order); {@code q=0} and {@code *} are left out. Without the header, the
 * server's default locale (Servlet 6.1 section 3.11).
 */
public final class AcceptLanguage {

    private record Ranked(Locale locale, double q, int position) {
    }

    private AcceptLanguage() {
    }

    /** The preferred locales; never empty. */
    public static List<Locale> locales(String header) {
        List<Ranked> ranked = new ArrayList<>();
        if (header != null) {
            String[] ranges = header.split(",");
            for (int i = 0; i < ranges.length; i++) {
                Ranked entry = parse(ranges[i], i);
                if (entry != null) {
                    ranked.add(entry);
                }
            }
        }
        ranked.sort(Comparator.comparingDouble(Ranked::q).reversed().thenComparingInt(Ranked::position));
        List<Locale> locales = new ArrayList<>();
        ranked.forEach(r -> locales.add(r.locale()));
        if (locales.isEmpty()) {
            locales.add(Locale.getDefault());
        }
        return locales;
    }

    private static Ranked parse(String range, int position) {
        String[] parts = range.trim().split(";");
        String tag = parts[0].trim();
        double q = 1.0;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("q=") || parameter.startsWith("Q=")) {
                try {
                    q = Double.parseDouble(parameter.substring(2));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        if (tag.isEmpty() || tag.equals("*") || q <= 0) {
            return null;
        }
        return new Ranked(Locale.forLanguageTag(tag), q, position);
    }
}
