package dev.gateway.spi;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The request as the application sees it: a mutable {@code Map<String, Object>} of CGI keys,
 * {@code HTTP_*} request headers and {@code gateway.*} server keys (see {@link EnvironKeys} and
 * docs/spec.md, section "Environ"), with typed accessors for the common ones.
 *
 * <p>String values map bytes to chars one to one (ISO-8859-1), exactly as WSGI does, so no byte of the
 * request is lost or reinterpreted: an application that wants UTF-8 text re-encodes with
 * {@code new String(value.getBytes(ISO_8859_1), UTF_8)}. {@code PATH_INFO} is percent-decoded;
 * {@code QUERY_STRING} and {@code RAW_URI} are not.
 *
 * <p>The map belongs to one request and one thread; middleware may add or change keys before calling
 * the application it wraps.
 */
public final class Environ extends AbstractMap<String, Object> {

    private final Map<String, Object> values;

    /** Creates an empty environ. Servers use {@code EnvironBuilder}; tests may fill one by hand. */
    public Environ() {
        this.values = new HashMap<>(64);
    }

    /** Creates an environ holding a copy of {@code values}. */
    public Environ(Map<String, ?> values) {
        this.values = new HashMap<>(values);
    }

    @Override
    public Object get(Object key) {
        return values.get(key);
    }

    @Override
    public Object put(String key, Object value) {
        return values.put(key, value);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    @Override
    public Object remove(Object key) {
        return values.remove(key);
    }

    @Override
    public int size() {
        return values.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return values.entrySet();
    }

    /** The value of {@code key} if it is a String, else {@code null}. */
    public String getString(String key) {
        return values.get(key) instanceof String s ? s : null;
    }

    /** {@code REQUEST_METHOD}, e.g. {@code GET}. */
    public String requestMethod() {
        return getString(EnvironKeys.REQUEST_METHOD);
    }

    /** {@code SCRIPT_NAME}. */
    public String scriptName() {
        return getString(EnvironKeys.SCRIPT_NAME);
    }

    /** {@code PATH_INFO}, percent-decoded. */
    public String pathInfo() {
        return getString(EnvironKeys.PATH_INFO);
    }

    /** {@code QUERY_STRING}, not decoded; {@code ""} when the target had none. */
    public String queryString() {
        return getString(EnvironKeys.QUERY_STRING);
    }

    /** {@code CONTENT_TYPE}, or {@code null}. */
    public String contentType() {
        return getString(EnvironKeys.CONTENT_TYPE);
    }

    /** {@code CONTENT_LENGTH} as a number, or -1 when absent or not a number. */
    public long contentLength() {
        String value = getString(EnvironKeys.CONTENT_LENGTH);
        if (value == null || value.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The request header {@code name} (any case, dashes or underscores), or {@code null}. */
    public String header(String name) {
        String key = name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        if (key.equals(EnvironKeys.CONTENT_TYPE) || key.equals(EnvironKeys.CONTENT_LENGTH)) {
            return getString(key);
        }
        return getString("HTTP_" + key);
    }

    /** {@code gateway.url_scheme}: {@code http} or {@code https}. */
    public String urlScheme() {
        return getString(EnvironKeys.URL_SCHEME);
    }

    /** {@code gateway.input}: the request body. */
    public InputStream input() {
        return (InputStream) values.get(EnvironKeys.INPUT);
    }

    /** {@code gateway.errors}: the server's error log. */
    public PrintWriter errors() {
        return (PrintWriter) values.get(EnvironKeys.ERRORS);
    }

    /** {@code gateway.file_wrapper}. */
    public FileWrapper fileWrapper() {
        return (FileWrapper) values.get(EnvironKeys.FILE_WRAPPER);
    }
}
