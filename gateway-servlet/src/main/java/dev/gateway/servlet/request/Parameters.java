package dev.gateway.servlet.request;

import dev.gateway.servlet.http.ClientErrorException;
import dev.gateway.servlet.http.FormDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request parameters (Servlet 6.1 section 3.1): the query string's, then a form body's, merged by
 * name with the query's values first. The query string is decoded as UTF-8 (Tomcat's default
 * {@code URIEncoding}); a form body with the request's character encoding. The body is read only for a
 * POST with {@code Content-Type: application/x-www-form-urlencoded} whose input was not taken by the
 * application (section 3.1.1), and only up to {@link #MAX_FORM_BYTES} (Tomcat's {@code maxPostSize}).
 */
public final class Parameters {

    /** The largest form body read into parameters: 2 MiB, Tomcat's default maxPostSize. */
    public static final int MAX_FORM_BYTES = 2 * 1024 * 1024;

    private final Map<String, List<String>> values;

    private Parameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * Parses the query string and, when {@code form} is not null, the form body read from it.
     *
     * @param query       the raw query string (a string of bytes)
     * @param form        the body to read a form from, or null when the body is not a form to parse
     * @param formCharset the charset of the form body
     */
    public static Parameters parse(String query, InputStream form, Charset formCharset) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        FormDecoder.decode(query, StandardCharsets.UTF_8, values);
        if (form != null) {
            FormDecoder.decode(readForm(form), formCharset, values);
        }
        return new Parameters(values);
    }

    /** An overlay for a forward or include: {@code query}'s values first, then the ones of {@code base} (section 9.1.1). */
    public static Parameters merge(String query, Parameters base) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        FormDecoder.decode(query, StandardCharsets.UTF_8, values);
        for (Map.Entry<String, List<String>> entry : base.values.entrySet()) {
            values.merge(entry.getKey(), entry.getValue(), (a, b) -> {
                List<String> all = new java.util.ArrayList<>(a);
                all.addAll(b);
                return all;
            });
        }
        return new Parameters(values);
    }

    private static String readForm(InputStream in) {
        try {
            byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
            if (body.length > MAX_FORM_BYTES) {
                throw new ClientErrorException(413, "the form body is larger than " + MAX_FORM_BYTES + " bytes");
            }
            return new String(body, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** These parameters followed by {@code more} (a multipart body's form fields, section 3.2). */
    public Parameters plus(Map<String, List<String>> more) {
        Map<String, List<String>> all = new LinkedHashMap<>(values);
        more.forEach((name, list) -> all.merge(name, list, (a, b) -> {
            List<String> merged = new java.util.ArrayList<>(a);
            merged.addAll(b);
            return merged;
        }));
        return new Parameters(all);
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    /** Every value of {@code name}, or null. */
    public String[] getValues(String name) {
        List<String> list = values.get(name);
        return list == null ? null : list.toArray(String[]::new);
    }

    /** The names, in order of first appearance. */
    public Enumeration<String> names() {
        return Collections.enumeration(List.copyOf(values.keySet()));
    }

    /** An unmodifiable map of every name to its values (section 3.1: immutable). */
    public Map<String, String[]> asMap() {
        Map<String, String[]> map = new LinkedHashMap<>();
        values.forEach((name, list) -> map.put(name, list.toArray(String[]::new)));
        return Collections.unmodifiableMap(map);
    }
}
