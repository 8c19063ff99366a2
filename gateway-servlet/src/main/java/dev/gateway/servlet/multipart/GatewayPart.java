package dev.gateway.servlet.multipart;

import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One part of a {@code multipart/form-data} body (Servlet 6.1 section 3.2, {@link Part}): its headers,
 * name, file name and content, in memory or in a temporary file that {@link #delete()} (or the end of
 * the request) removes.
 */
final class GatewayPart implements Part {

    private final Map<String, List<String>> headers;
    private final String name;
    private final String fileName;
    private final PartContent content;
    private final Path location;

    /**
     * @param headers  the part's headers, by lower-case name
     * @param name     the form field name
     * @param fileName the submitted file name, or null for a plain field
     * @param content  the bytes
     * @param location where {@link #write} resolves relative names
     */
    GatewayPart(Map<String, List<String>> headers, String name, String fileName, PartContent content, Path location) {
        this.headers = headers;
        this.name = name;
        this.fileName = fileName;
        this.content = content;
        this.location = location;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        byte[] bytes = content.bytes();
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(content.file());
    }

    @Override
    public String getContentType() {
        return getHeader("content-type");
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getSubmittedFileName() {
        return fileName;
    }

    @Override
    public long getSize() {
        return content.size();
    }

    /** Section 3.2: a relative {@code fileName} is relative to the MultipartConfig location. */
    @Override
    public void write(String fileName) throws IOException {
        Path target = location.resolve(fileName);
        if (content.file() != null) {
            Files.copy(content.file(), target, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.write(target, content.bytes());
        }
    }

    @Override
    public void delete() throws IOException {
        if (content.file() != null) {
            Files.deleteIfExists(content.file());
        }
    }

    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public Collection<String> getHeaderNames() {
        return headers.keySet();
    }

    /** The text of a plain form field, decoded with {@code fallback} unless the part names a charset. */
    String text(java.nio.charset.Charset fallback) throws IOException {
        String charset = dev.gateway.servlet.http.ContentTypes.charset(getContentType());
        java.nio.charset.Charset decoding = fallback;
        if (charset != null) {
            try {
                decoding = java.nio.charset.Charset.forName(charset);
            } catch (IllegalArgumentException e) {
                // unknown charset: the fallback
            }
        }
        try (InputStream in = getInputStream()) {
            return new String(in.readAllBytes(), decoding);
        }
    }
}
