package dev.gateway.servlet.deploy;

import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;

/** {@code ServletContext.getMimeType}: the common web types, then the JDK's table. */
final class MimeTypes {

    private static final Map<String, String> COMMON = Map.ofEntries(
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("css", "text/css"),
            Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"), Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain"), Map.entry("xml", "application/xml"), Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("wasm", "application/wasm"),
            Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"));

    private MimeTypes() {
    }

    static String of(String file) {
        if (file == null) {
            return null;
        }
        int dot = file.lastIndexOf('.');
        String type = dot < 0 ? null : COMMON.get(file.substring(dot + 1).toLowerCase(Locale.ROOT));
        return type != null ? type : URLConnection.getFileNameMap().getContentTypeFor(file);
    }
}
