package dev.gateway.servlet.multipart;

import dev.gateway.servlet.http.ClientErrorException;
import dev.gateway.servlet.http.ContentTypes;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of one {@code multipart/form-data} request (Servlet 6.1 section 3.2): parsed once, on the
 * first {@code getParts()}, {@code getPart()} or {@code getParameter()}, with the limits of the
 * servlet's MultipartConfig; the temporary files are deleted when the request ends.
 */
public final class MultipartBody {

    private final List<GatewayPart> parts;

    private MultipartBody(List<GatewayPart> parts) {
        this.parts = parts;
    }

    /** True when {@code contentType} is {@code multipart/form-data}. */
    public static boolean isMultipart(String contentType) {
        String media = ContentTypes.mediaType(contentType);
        return media != null && media.toLowerCase(Locale.ROOT).equals("multipart/form-data");
    }

    /**
     * Reads the body.
     *
     * @throws ServletException      when the request is not multipart/form-data or has no boundary
     * @throws IllegalStateException when a limit is exceeded (a {@link ClientErrorException})
     */
    public static MultipartBody read(InputStream body, String contentType, MultipartConfigElement config)
            throws IOException, ServletException {
        if (!isMultipart(contentType)) {
            throw new ServletException("the request is not multipart/form-data");
        }
        String boundary = boundary(contentType);
        if (boundary == null) {
            throw new ServletException("the multipart/form-data request has no boundary");
        }
        return new MultipartBody(new MultipartParser(config).parse(body, boundary));
    }

    private static String boundary(String contentType) {
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = trimmed.substring(9);
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    /** Every part, in order. */
    public List<Part> parts() {
        return List.copyOf(parts);
    }

    /** The first part named {@code name}, or null. */
    public Part part(String name) {
        return parts.stream().filter(p -> name.equals(p.getName())).findFirst().orElse(null);
    }

    /** The plain form fields (parts without a file name) as parameters (section 3.2). */
    public Map<String, List<String>> fields(Charset charset) throws IOException {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (GatewayPart part : parts) {
            if (part.getSubmittedFileName() == null && part.getName() != null) {
                fields.computeIfAbsent(part.getName(), k -> new ArrayList<>()).add(part.text(charset));
            }
        }
        return fields;
    }

    /** Deletes the temporary files (the request ended). */
    public void delete() {
        for (GatewayPart part : parts) {
            try {
                part.delete();
            } catch (IOException e) {
                // already gone, or not ours to delete any more
            }
        }
    }
}
